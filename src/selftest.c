/* Self-test guest. Its "machine code" is a table of block builders indexed
 * by pc; the program fills a buffer in guest memory with a xorshift
 * sequence, then folds it into a CRC-32 computed bitwise with branches,
 * calls a helper to mix in a running count, and halts. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#include "selftest.h"
#include "util/guest_mem.h"

struct st_cpu {
    struct cpu_head head;
    uint32_t r[8];
    uint32_t calls;
};

enum { R_I, R_N, R_X, R_CRC, R_PTR, R_BIT, R_TMP, R_RET };

static const struct ir_state_slot st_regs[] = {
#define ST_REG(n) { "r" #n, offsetof(struct st_cpu, r) + 4 * n, IR_I32 }
    ST_REG(0), ST_REG(1), ST_REG(2), ST_REG(3), ST_REG(4), ST_REG(5), ST_REG(6), ST_REG(7),
#undef ST_REG
};

static uint64_t st_helper_count(void *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    (void)b; (void)c; (void)d;
    struct st_cpu *s = cpu;
    s->calls++;
    return (uint32_t)(a * 2654435761u) ^ s->calls;
}

static const struct ir_helper st_helpers[] = {
    { "count", st_helper_count, 1, IR_I32, IR_HF_READS_STATE | IR_HF_WRITES_STATE },
};

static const struct ir_guest_desc st_desc = {
    .name = "selftest",
    .regs = st_regs, .nregs = 8,
    .helpers = st_helpers, .nhelpers = 1,
    .addr_type = IR_I32,
};

#define BUF 0x10000u
enum { PC_FILL = 0x1000, PC_CRC_BYTE = 0x1100, PC_CRC_BIT = 0x1200, PC_NEXT = 0x1300,
       PC_DONE = 0x1400, PC_SUB = 0x1500 };

static uint32_t reg(struct ir_block *b, unsigned r) { return ir_get_reg(b, r); }
static uint32_t imm(struct ir_block *b, uint32_t v) { return ir_movi(b, IR_I32, v); }

/* x ^= x << 13; x ^= x >> 17; x ^= x << 5; store x at buf + i; loop. */
static void st_fill(struct ir_block *b)
{
    uint32_t x = reg(b, R_X), i = reg(b, R_I);
    x = ir_binop(b, IR_xor, IR_I32, x, ir_shifti(b, IR_shli, IR_I32, x, 13));
    x = ir_binop(b, IR_xor, IR_I32, x, ir_shifti(b, IR_shri, IR_I32, x, 17));
    x = ir_binop(b, IR_xor, IR_I32, x, ir_shifti(b, IR_shli, IR_I32, x, 5));
    ir_set_reg(b, R_X, x);
    ir_store(b, IR_MO(0, 0, 0), ir_binop(b, IR_add, IR_I32, i, imm(b, BUF)), x);
    i = ir_binop(b, IR_add, IR_I32, i, imm(b, 1));
    ir_set_reg(b, R_I, i);
    uint32_t done = ir_new_label(b);
    ir_brcond(b, IR_I32, IR_GEU, i, reg(b, R_N), done);
    ir_goto_tb(b, 0, PC_FILL);
    ir_label(b, done);
    ir_set_reg(b, R_I, imm(b, 0));
    ir_set_reg(b, R_CRC, imm(b, 0xffffffffu));
    ir_goto_tb(b, 1, PC_CRC_BYTE);
}

static void st_crc_byte(struct ir_block *b)
{
    uint32_t byte = ir_load(b, IR_I32, IR_MO(0, 0, 0), ir_binop(b, IR_add, IR_I32, reg(b, R_I), imm(b, BUF)));
    ir_set_reg(b, R_CRC, ir_binop(b, IR_xor, IR_I32, reg(b, R_CRC), byte));
    ir_set_reg(b, R_BIT, imm(b, 8));
    ir_goto_tb(b, 0, PC_CRC_BIT);
}

/* crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1)), with a real branch. */
static void st_crc_bit(struct ir_block *b)
{
    uint32_t crc = reg(b, R_CRC), skip = ir_new_label(b), join = ir_new_label(b);
    uint32_t low = ir_binop(b, IR_and, IR_I32, crc, imm(b, 1));
    uint32_t sh = ir_shifti(b, IR_shri, IR_I32, crc, 1);
    ir_set_reg(b, R_CRC, sh);
    ir_brcond(b, IR_I32, IR_EQ, low, imm(b, 0), skip);
    ir_set_reg(b, R_CRC, ir_binop(b, IR_xor, IR_I32, sh, imm(b, 0xedb88320u)));
    ir_label(b, skip);
    uint32_t bit = ir_binop(b, IR_sub, IR_I32, reg(b, R_BIT), imm(b, 1));
    ir_set_reg(b, R_BIT, bit);
    ir_brcond(b, IR_I32, IR_EQ, bit, imm(b, 0), join);
    ir_goto_tb(b, 0, PC_CRC_BIT);
    ir_label(b, join);
    /* A call and return through the jump cache every byte. */
    ir_set_reg(b, R_RET, imm(b, PC_NEXT));
    ir_goto_tb(b, 1, PC_SUB);
}

static void st_sub(struct ir_block *b)
{
    uint32_t args[1] = { reg(b, R_I) };
    ir_set_reg(b, R_TMP, ir_binop(b, IR_xor, IR_I32, reg(b, R_TMP), ir_call(b, 0, 1, args)));
    ir_exit_indirect(b, reg(b, R_RET));
}

static void st_next(struct ir_block *b)
{
    uint32_t i = ir_binop(b, IR_add, IR_I32, reg(b, R_I), imm(b, 1));
    ir_set_reg(b, R_I, i);
    uint32_t done = ir_new_label(b);
    ir_brcond(b, IR_I32, IR_GEU, i, reg(b, R_N), done);
    ir_goto_tb(b, 0, PC_CRC_BYTE);
    ir_label(b, done);
    ir_goto_tb(b, 1, PC_DONE);
}

static void st_done(struct ir_block *b)
{
    ir_set_reg(b, R_CRC, ir_binop(b, IR_xor, IR_I32, ir_unop(b, IR_not, IR_I32, reg(b, R_CRC)), reg(b, R_TMP)));
    ir_exit(b, EXIT_HALT, ir_movi(b, IR_I32, PC_DONE));
}

static void st_translate(void *opaque, struct ir_block *b)
{
    (void)opaque;
    ir_insn_start(b, b->pc);
    b->guest_size = 4;
    switch (b->pc) {
    case PC_FILL: st_fill(b); break;
    case PC_CRC_BYTE: st_crc_byte(b); break;
    case PC_CRC_BIT: st_crc_bit(b); break;
    case PC_SUB: st_sub(b); break;
    case PC_NEXT: st_next(b); break;
    case PC_DONE: st_done(b); break;
    default: ir_exit(b, EXIT_UNDEF, ir_movi(b, IR_I64, b->pc)); break;
    }
}

uint32_t selftest_expected(uint32_t n)
{
    uint32_t x = 2463534242u, crc = 0xffffffffu, tmp = 0, calls = 0;
    uint8_t *buf = malloc(n ? n : 1);
    for (uint32_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (uint8_t)x;
    }
    for (uint32_t i = 0; i < n; i++) {
        crc ^= buf[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
        calls++;
        tmp ^= (uint32_t)(i * 2654435761u) ^ calls;
    }
    free(buf);
    return ~crc ^ tmp;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int selftest_run(const struct dbt_config *cfg, uint32_t n, struct selftest_result *out)
{
    struct guest_mem mem;
    if (guest_mem_reserve(&mem, 1ull << 32) != 0 ||
        guest_mem_map(&mem, BUF, (n + 0xfffu) & ~0xfffu, PROT_READ | PROT_WRITE) != 0) {
        fprintf(stderr, "duet: selftest: cannot map guest memory\n");
        return -1;
    }
    struct frontend fe = { .desc = &st_desc, .translate = st_translate };
    struct dbt *d = dbt_create(cfg, &fe, &mem);
    if (!d) {
        fprintf(stderr, "duet: selftest: cannot create the translator\n");
        guest_mem_release(&mem);
        return -1;
    }
    struct st_cpu cpu = { .head.pc = PC_FILL };
    cpu.r[R_N] = n;
    cpu.r[R_X] = 2463534242u;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    enum exit_reason r = dbt_run(d, &cpu.head);
    out->seconds = seconds_since(&t0);
    out->checksum = cpu.r[R_CRC];
    out->stats = *dbt_stats(d);
    out->guest_insns = (uint64_t)n * 12;  /* 12 one-instruction blocks run per byte */
    dbt_destroy(d);
    guest_mem_release(&mem);
    if (r != EXIT_HALT) {
        fprintf(stderr, "duet: selftest: stopped with reason %d at 0x%llx\n", r,
                (unsigned long long)cpu.head.pc);
        return -1;
    }
    return 0;
}
