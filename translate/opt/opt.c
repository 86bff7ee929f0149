/* Runs the passes in order and verifies after each when asked. */
#include <stdio.h>

#include "opt.h"

const char *const opt_pass_name[OPT_NUM_PASSES] = {
    [OPT_CONSTFOLD] = "constfold",
    [OPT_COPYPROP] = "copyprop",
    [OPT_GETSET] = "getset",
    [OPT_DCE] = "dce",
    [OPT_CONDFOLD] = "condfold",
};

/* getset turns re-reads into movs, copyprop forwards them, constfold folds
 * what became constant, and dce removes what nothing reads any more. */
static const struct {
    enum opt_pass pass;
    void (*run)(struct ir_block *b);
} pipeline[] = {
    { OPT_GETSET, opt_getset },
    { OPT_COPYPROP, opt_copyprop },
    { OPT_CONSTFOLD, opt_constfold },
    { OPT_CONDFOLD, opt_condfold },
    { OPT_COPYPROP, opt_copyprop },
    { OPT_DCE, opt_dce },
};

int opt_run(struct ir_block *b, uint32_t passes_off, bool verify, char *err, size_t errlen)
{
    for (size_t i = 0; i < sizeof(pipeline) / sizeof(pipeline[0]); i++) {
        if (passes_off & (1u << pipeline[i].pass))
            continue;
        pipeline[i].run(b);
        if (verify) {
            char msg[256];
            if (ir_verify(b, msg, sizeof(msg)) != 0) {
                snprintf(err, errlen, "after pass %s: %s", opt_pass_name[pipeline[i].pass], msg);
                return -1;
            }
        }
    }
    return 0;
}

/* Copies every op from the first dropped one on and advances over the
 * kept ones: no branch to mispredict. */
void opt_compact(struct ir_block *b, const bool *keep, uint32_t first_dropped)
{
    struct ir_op *ops = b->ops;  /* a local: the stores could alias b */
    uint32_t n = first_dropped, nops = b->nops;
    /* first_mov moves down by the ops dropped before it. */
    if (b->first_mov > first_dropped && b->first_mov < nops) {
        uint32_t m = first_dropped;
        for (uint32_t i = first_dropped; i < b->first_mov; i++)
            m += keep[i];
        b->first_mov = m;
    }
    for (uint32_t i = first_dropped; i < nops; i++) {
        ops[n] = ops[i];
        n += keep[i];
    }
    b->nops = n;
}

void opt_make_mov(struct ir_block *b, struct ir_op *op, uint32_t src)
{
    uint32_t i = (uint32_t)(op - b->ops);
    *op = (struct ir_op){
        .opc = IR_mov, .type = op->type, .nargs = 1, .dst = op->dst,
        .args = { src, IR_NO_TEMP, IR_NO_TEMP, IR_NO_TEMP },
    };
    if (b->first_mov > i)
        b->first_mov = i;
}

void opt_make_nop(struct ir_op *op)
{
    *op = (struct ir_op){
        .opc = IR_nop, .type = IR_I32, .dst = IR_NO_TEMP,
        .args = { IR_NO_TEMP, IR_NO_TEMP, IR_NO_TEMP, IR_NO_TEMP },
    };
}

void opt_make_movi(struct ir_op *op, uint64_t imm)
{
    *op = (struct ir_op){
        .opc = IR_movi, .type = op->type, .dst = op->dst,
        .args = { IR_NO_TEMP, IR_NO_TEMP, IR_NO_TEMP, IR_NO_TEMP },
        .imm = op->type == IR_I32 ? (uint32_t)imm : imm,
    };
}
