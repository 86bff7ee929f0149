"""The instruction groups of differential testing and how one stream of
each is made: GROUPS[name] = (needed features, ARM or Thumb, generator,
whether the stream has memory bases, whether VFP state is set)."""
from diffcase import FLAG_VFP, FLAG_EXCL
from streams import MODELS, V4T, V6, VFP2, make_stream, stream_rng, window_random
from gen_arm import gen_dp, gen_mul, gen_media
from gen_mem import gen_mem, setup_mem
from gen_thumb import gen_thumb
from gen_vfp import gen_vfp, random_fpscr, random_vfp_regs
from gen_interwork import gen_interwork_arm, gen_interwork_thumb, with_interwork
from streams import WINDOW

GROUPS = {
    "arm-dp": ({V4T}, False, with_interwork(gen_dp, gen_interwork_arm), False, False),
    "arm-mul": ({V4T}, False, gen_mul, False, False),
    "arm-mem": ({V4T}, False, with_interwork(gen_mem, gen_interwork_arm), True, False),
    "arm-media": ({V6}, False, gen_media, False, False),
    "arm-vfp": ({VFP2}, False, gen_vfp, True, True),
    "thumb": ({V4T}, True, with_interwork(gen_thumb, gen_interwork_thumb), True, False),
}

MAX_UNITS = 48


def group_supported(group, cpu):
    return GROUPS[group][0] <= MODELS[cpu]


def case_flags(cpu):
    features = MODELS[cpu]
    return (FLAG_VFP if VFP2 in features else 0) | (FLAG_EXCL if V6 in features else 0)


def build_stream(seed, group, index, cpu):
    """Stream number index of group for this seed and CPU model."""
    features = MODELS[cpu]
    _, thumb, body, mem, vfp = GROUPS[group]
    rng = stream_rng(seed, group, index)
    fixed = setup_mem(rng, features, thumb) if mem else {}
    if thumb:
        fixed[13] = WINDOW + rng.randrange(384, 640) // 4 * 4
    vfp_regs = random_vfp_regs(rng) if vfp else None
    fpscr = random_fpscr(rng, vectors=True) if vfp else 0
    window = window_random(rng)
    length = rng.randrange(1, MAX_UNITS + 1)
    return make_stream(rng, features, thumb, body, length, vfp_init=vfp_regs, fpscr=fpscr,
                       window=window, fixed=fixed)
