/* The intermediate representation shared by guest frontends, passes and backends. */
#ifndef DUET_IR_H
#define DUET_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

enum ir_type { IR_I32 = 0, IR_I64 = 1 };

#define IR_VARARGS 0xff
#define IR_MAX_ARGS 4
#define IR_NO_TEMP UINT32_MAX

/* Op properties. */
enum {
    IR_OPF_PURE = 1u << 0,          /* no effect besides dst: removable when dst is dead */
    IR_OPF_LABEL = 1u << 1,
    IR_OPF_BRANCH = 1u << 2,
    IR_OPF_READS_STATE = 1u << 3,
    IR_OPF_WRITES_STATE = 1u << 4,
    IR_OPF_MEMORY = 1u << 5,
    IR_OPF_MAY_FAULT = 1u << 6,     /* guest state must be exact before it */
    IR_OPF_SIDE_EFFECTS = 1u << 7,  /* never removed */
    IR_OPF_CALL = 1u << 8,          /* properties come from the helper's flags */
    IR_OPF_EXIT = 1u << 9,          /* ends the block */
};

enum ir_opcode {
#define IR_OP(name, nargs, has_dst, flags) IR_##name,
#include "ops.def"
#undef IR_OP
    IR_NUM_OPCODES
};

/* Passes build constant opcode sets from ops.def, a bit per opcode. */
_Static_assert(IR_NUM_OPCODES <= 64, "opcode sets are 64-bit masks");

struct ir_op_info {
    const char *name;
    uint8_t nargs;
    uint8_t has_dst;
    uint16_t flags;
};
extern const struct ir_op_info ir_op_info[IR_NUM_OPCODES];

enum ir_cond {
    IR_EQ, IR_NE, IR_LT, IR_GE, IR_LE, IR_GT, IR_LTU, IR_GEU, IR_LEU, IR_GTU,
    IR_NUM_CONDS
};
extern const char *const ir_cond_name[IR_NUM_CONDS];

/* Memory operation descriptor carried in op->aux of load and store. */
enum {
    IR_MO_SIZE_MASK = 3,   /* log2 of the access size: 0..3 */
    IR_MO_SIGN = 1u << 2,  /* loads: sign-extend */
    IR_MO_BE = 1u << 3,    /* big-endian guest data */
    IR_MO_MMU_SHIFT = 8,   /* MMU index, bits 8..15 */
};
#define IR_MO(size_log2, flags, mmu) ((uint32_t)(size_log2) | (flags) | ((uint32_t)(mmu) << IR_MO_MMU_SHIFT))
static inline unsigned ir_mo_size(uint32_t mo) { return 1u << (mo & IR_MO_SIZE_MASK); }
static inline unsigned ir_mo_mmu(uint32_t mo) { return (mo >> IR_MO_MMU_SHIFT) & 0xff; }

/* Why a block returned to the dispatcher. */
enum exit_reason {
    EXIT_NONE = 0,
    EXIT_CHAIN,       /* goto_tb through an unlinked slot: the dispatcher links it */
    EXIT_LOOKUP,      /* exit_indirect missed the jump cache */
    EXIT_REQUEST,     /* the per-CPU exit request flag was set at block entry */
    EXIT_SYSCALL,
    EXIT_HALT,
    EXIT_UNDEF,       /* undefined instruction */
    EXIT_DEBUG,       /* breakpoint */
    EXIT_FAULT,       /* guest memory fault: cpu_head.fault_addr */
    EXIT_HELPER,      /* a helper asked to leave: cpu_head.exit_arg */
    EXIT_GUEST_BASE = 32, /* guest-specific reasons start here */
};

/* Helper flags. */
enum {
    IR_HF_PURE = 1u << 0,         /* no side effects: removable when the result is dead */
    IR_HF_READS_STATE = 1u << 1,  /* reads guest registers or flags from the CPU state */
    IR_HF_WRITES_STATE = 1u << 2, /* writes guest registers or flags */
    IR_HF_MAY_FAULT = 1u << 3,    /* may leave the block through exec_raise */
};

/* A guest register or flag: where it lives in the CPU state. */
struct ir_state_slot {
    const char *name;
    uint32_t offset;
    uint8_t type;
};

/* Helpers receive the CPU state pointer, then up to IR_MAX_ARGS 64-bit values
 * (IR_I32 arguments are zero-extended), and return a 64-bit value. */
typedef uint64_t (*ir_helper_fn)(void *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t d);
struct ir_helper {
    const char *name;
    ir_helper_fn fn;
    uint8_t nargs;
    uint8_t ret;        /* IR_I32, IR_I64 or IR_RET_VOID */
    uint32_t flags;     /* IR_HF_* */
};
#define IR_RET_VOID 0xff

/* What the IR of one guest looks like: its state layout and helpers. Const. */
struct ir_guest_desc {
    const char *name;
    const struct ir_state_slot *regs;
    uint32_t nregs;
    const struct ir_state_slot *flags;
    uint32_t nflags;
    const struct ir_helper *helpers;
    uint32_t nhelpers;
    uint8_t addr_type;  /* type of guest addresses: IR_I32 or IR_I64 */
};

struct ir_op {
    uint16_t opc;
    uint8_t type;
    uint8_t nargs;      /* number of args actually used */
    uint32_t dst;
    uint32_t args[IR_MAX_ARGS];
    uint32_t aux;       /* cond, memop, chaining slot or exit reason */
    uint64_t imm;       /* constant, shift count, state index, label, helper, pc */
};

/* Operand loops over all slots are written out four times in the passes
 * and the register allocator. */
_Static_assert(IR_MAX_ARGS == 4, "operand slot loops are unrolled for four");
/* A run of consecutive guest instructions. A block has more than one when
 * its frontend went on at the target of a branch. */
#define IR_MAX_RUNS 4
struct ir_code_run {
    uint64_t pc;
    uint32_t len;
};

struct ir_block {
    const struct ir_guest_desc *guest;
    uint64_t pc;        /* guest pc of the first instruction */
    uint32_t flags;     /* guest mode bits the block was translated for */
    uint32_t guest_size;/* bytes of guest code covered (the hull of the runs), for invalidation */
    uint32_t ninsns;    /* guest instructions */
    struct ir_code_run runs[IR_MAX_RUNS];  /* where the code is, for logs; runs[0] starts at pc */
    uint32_t nruns;     /* 0: the one run [pc, pc + guest_size) */
    struct ir_op *ops;
    uint32_t nops, ops_cap;
    uint8_t *temp_type;
    uint32_t ntemps, temps_cap;
    uint32_t nlabels;
    uint32_t labels_placed; /* label ops emitted: a temp a frontend keeps for
                             * reuse is available while this is unchanged */
    uint32_t first_mov;     /* copy propagation starts here: the movs made since
                             * it last ran are at or after this op (UINT32_MAX:
                             * none); whatever makes a mov lowers it */
    struct arena scratch; /* working memory of the passes and the backend, emptied by reset */
};

/* Block storage. */
void ir_block_init(struct ir_block *b, const struct ir_guest_desc *guest, uint64_t pc, uint32_t flags);
void ir_block_reset(struct ir_block *b, uint64_t pc, uint32_t flags);
void ir_block_free(struct ir_block *b);
void ir_block_copy(struct ir_block *dst, const struct ir_block *src);

/* Builder: each call appends one op and returns the temp it defines.
 * ir_new_temp and ir_emit are inline: frontends call them for every op. */
void ir_grow_temps(struct ir_block *b);
void ir_grow_ops(struct ir_block *b);

static inline uint32_t ir_new_temp(struct ir_block *b, enum ir_type t)
{
    if (b->ntemps == b->temps_cap)
        ir_grow_temps(b);
    b->temp_type[b->ntemps] = (uint8_t)t;
    return b->ntemps++;
}

/* ir_emit for a caller that knows the op's shape (nargs operands, a
 * result or not): no look-up in the op table. */
static inline struct ir_op *ir_emit_shaped(struct ir_block *b, enum ir_opcode opc, enum ir_type t,
                                           unsigned nargs, bool has_dst)
{
    if (b->nops == b->ops_cap)
        ir_grow_ops(b);
    if (opc == IR_mov && b->first_mov > b->nops)
        b->first_mov = b->nops;
    struct ir_op *op = &b->ops[b->nops++];
    *op = (struct ir_op){
        .opc = (uint16_t)opc,
        .type = (uint8_t)t,
        .nargs = (uint8_t)nargs,
        .dst = has_dst ? ir_new_temp(b, t) : IR_NO_TEMP,
        .args = { IR_NO_TEMP, IR_NO_TEMP, IR_NO_TEMP, IR_NO_TEMP },
    };
    return op;
}

static inline struct ir_op *ir_emit(struct ir_block *b, enum ir_opcode opc, enum ir_type t)
{
    const struct ir_op_info *info = &ir_op_info[opc];
    return ir_emit_shaped(b, opc, t, info->nargs == IR_VARARGS ? 0 : info->nargs, info->has_dst);
}

/* Records guest code at pc (len bytes) in the block's runs; next_run, when
 * nonzero, is a branch target translation goes on at, which starts a new
 * run. guest_size becomes the hull of the runs: the code a followed branch
 * skips stays covered, so the block is invalidated by writes to it too. */
void ir_block_note_code(struct ir_block *b, uint64_t pc, uint32_t len, uint64_t next_run);
/* Whether translation may go on at a branch target, starting another run:
 * a target forward of last (the branch's own code) within the block's
 * 4 KiB page, with a run left. Backward targets are refused, which keeps
 * a loop body from being translated again and again. */
static inline bool ir_block_can_follow(const struct ir_block *b, uint64_t last, uint64_t target)
{
    return target > last && (target >> 12) == (b->pc >> 12) && b->nruns < IR_MAX_RUNS;
}

/* Builder: each call appends one op and returns the temp it defines. */
uint32_t ir_new_temp(struct ir_block *b, enum ir_type t);
uint32_t ir_new_label(struct ir_block *b);

uint32_t ir_movi(struct ir_block *b, enum ir_type t, uint64_t imm);
uint32_t ir_mov(struct ir_block *b, enum ir_type t, uint32_t a);
uint32_t ir_unop(struct ir_block *b, enum ir_opcode opc, enum ir_type t, uint32_t a);
uint32_t ir_binop(struct ir_block *b, enum ir_opcode opc, enum ir_type t, uint32_t a, uint32_t c);
uint32_t ir_shifti(struct ir_block *b, enum ir_opcode opc, enum ir_type t, uint32_t a, unsigned count);
uint32_t ir_setcond(struct ir_block *b, enum ir_type t, enum ir_cond c, uint32_t a, uint32_t x);
uint32_t ir_movcond(struct ir_block *b, enum ir_type t, enum ir_cond c, uint32_t a, uint32_t x,
                    uint32_t vtrue, uint32_t vfalse);
void ir_label(struct ir_block *b, uint32_t label);
void ir_br(struct ir_block *b, uint32_t label);
void ir_brcond(struct ir_block *b, enum ir_type t, enum ir_cond c, uint32_t a, uint32_t x, uint32_t label);
uint32_t ir_get_reg(struct ir_block *b, uint32_t reg);
void ir_set_reg(struct ir_block *b, uint32_t reg, uint32_t v);
uint32_t ir_get_flag(struct ir_block *b, uint32_t flag);
void ir_set_flag(struct ir_block *b, uint32_t flag, uint32_t v);
uint32_t ir_load(struct ir_block *b, enum ir_type t, uint32_t memop, uint32_t addr);
void ir_store(struct ir_block *b, uint32_t memop, uint32_t addr, uint32_t v);
/* Atomic compare-and-swap and exchange of T: the old memory value. */
uint32_t ir_cmpxchg(struct ir_block *b, enum ir_type t, uint32_t memop, uint32_t addr,
                    uint32_t expected, uint32_t desired);
uint32_t ir_xchg(struct ir_block *b, enum ir_type t, uint32_t memop, uint32_t addr, uint32_t v);
uint32_t ir_call(struct ir_block *b, uint32_t helper, unsigned nargs, const uint32_t *args);
void ir_insn_start(struct ir_block *b, uint64_t pc);
void ir_goto_tb(struct ir_block *b, unsigned slot, uint64_t pc);
void ir_exit_indirect(struct ir_block *b, uint32_t pc);
void ir_exit(struct ir_block *b, enum exit_reason reason, uint32_t pc);

/* Properties of one op instance (calls take theirs from the helper).
 * Inline: every pass asks it for every op. */
static inline uint32_t ir_op_flags(const struct ir_block *b, const struct ir_op *op)
{
    uint32_t f = ir_op_info[op->opc].flags;
    if (op->opc != IR_call)
        return f;
    uint32_t hf = b->guest->helpers[op->imm].flags;
    f = (hf & IR_HF_PURE) ? IR_OPF_PURE : IR_OPF_SIDE_EFFECTS;
    if (hf & IR_HF_READS_STATE)
        f |= IR_OPF_READS_STATE;
    if (hf & IR_HF_WRITES_STATE)
        f |= IR_OPF_WRITES_STATE;
    if (hf & IR_HF_MAY_FAULT)
        f |= IR_OPF_MAY_FAULT;
    return f | IR_OPF_CALL;
}
static inline unsigned ir_op_nargs(const struct ir_op *op) { return op->nargs; }
static inline bool ir_op_has_dst(const struct ir_op *op) { return op->dst != IR_NO_TEMP; }

/* Printer (-d op) and verifier. The verifier returns 0, or -1 with a
 * message naming the op in err. */
void ir_print(const struct ir_block *b, void (*out)(void *opaque, const char *line), void *opaque);
int ir_verify(const struct ir_block *b, char *err, size_t errlen);

#endif
