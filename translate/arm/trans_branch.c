/* ARM branches, exception-generating instructions and the system
 * instructions user mode can execute. */
#include "arm/translate.h"

static int32_t branch_offset(uint32_t insn)
{
    return (int32_t)(bits(insn, 23, 0) << 8) >> 6;  /* sign-extended imm24 * 4 */
}

void arm_trans_b_bl(struct arm_dc *dc, uint32_t insn)
{
    if (bit(insn, 24))
        ir_set_reg(dc->b, ARM_SLOT_LR, arm_imm(dc, dc->pc + 4));
    arm_branch_direct(dc, dc->pc + 8 + (uint32_t)branch_offset(insn));
}

void arm_trans_blx_imm(struct arm_dc *dc, uint32_t insn)
{
    uint32_t target = dc->pc + 8 + (uint32_t)branch_offset(insn) + (bit(insn, 24) << 1);
    ir_set_reg(dc->b, ARM_SLOT_LR, arm_imm(dc, dc->pc + 4));
    arm_set_thumb(dc, true, target);
}

void arm_trans_bx(struct arm_dc *dc, uint32_t insn)
{
    arm_bx(dc, arm_get_reg(dc, bits(insn, 3, 0)));
}

/* No Jazelle: BXJ behaves as BX (the ARM ARM's "trivial implementation"). */
void arm_trans_bxj(struct arm_dc *dc, uint32_t insn)
{
    arm_trans_bx(dc, insn);
}

void arm_trans_blx_reg(struct arm_dc *dc, uint32_t insn)
{
    uint32_t target = arm_get_reg(dc, bits(insn, 3, 0));
    ir_set_reg(dc->b, ARM_SLOT_LR, arm_imm(dc, dc->pc + 4));
    arm_bx(dc, target);
}

void arm_trans_svc(struct arm_dc *dc, uint32_t insn)
{
    (void)insn;
    arm_exit(dc, EXIT_SYSCALL, dc->pc + 4);
}

void arm_trans_bkpt(struct arm_dc *dc, uint32_t insn)
{
    (void)insn;
    arm_exit(dc, EXIT_DEBUG, dc->pc);
}

void arm_trans_setend(struct arm_dc *dc, uint32_t insn)
{
    arm_set_endian(dc, bit(insn, 9));
}

/* CPS has no effect in user mode (ARM ARM A4.1.16). */
void arm_trans_cps(struct arm_dc *dc, uint32_t insn)
{
    (void)dc;
    (void)insn;
}

/* MRC p15, 0, Rd, c13, c0, 3: the user read-only thread ID register. */
void arm_trans_mrc_tls(struct arm_dc *dc, uint32_t insn)
{
    unsigned rd = bits(insn, 15, 12);
    if (rd == 15) {
        arm_undef(dc);
        return;
    }
    arm_set_reg(dc, rd, ir_get_reg(dc->b, ARM_SLOT_TPIDRURO));
}

/* CP15 c7 operations user mode may use on ARMv6: the barriers (c7, c10, 4
 * and 5) and the prefetch flush (c7, c5, 4). All else is privileged. */
void arm_trans_mcr_barrier(struct arm_dc *dc, uint32_t insn)
{
    unsigned crm = bits(insn, 3, 0), op2 = bits(insn, 7, 5);
    bool allowed = (dc->features & ARM_F_V6) &&
                   ((crm == 10 && (op2 == 4 || op2 == 5)) || (crm == 5 && op2 == 4));
    if (!allowed)
        arm_undef(dc);
}
