/* Test harness: a small guest whose code is IR written by the tests. Each
 * guest pc maps to a C function that builds the block found there. */
#ifndef DUET_TEST_IR_PROGRAMS_H
#define DUET_TEST_IR_PROGRAMS_H

#include "dbt.h"
#include "util/guest_mem.h"

/* Guest state: r0-r7 are I32 registers (index 0-7), x0-x3 I64 (index 8-11),
 * four I32 flags. */
struct tcpu {
    struct cpu_head head;
    uint32_t r[8];
    uint64_t x[4];
    uint32_t f[4];
    uint64_t helper_calls;
};
enum { T_R0 = 0, T_X0 = 8, T_NREGS = 12, T_NFLAGS = 4 };

/* Helpers of the test guest. */
enum {
    TH_ADD3,      /* pure, I64: a + b + c */
    TH_MIX,       /* reads and writes state, I32: counts calls, returns a * 31 + b + r0 */
    TH_CHECK,     /* may fault, void: a != 0 raises EXIT_FAULT with fault_addr = a */
    TH_WEIGH4,    /* pure, I64: a + 3b + 5c + 7d, so a misplaced argument shows */
    TH_NUM
};
extern const struct ir_guest_desc tguest;
extern const struct ir_guest_desc tguest64;  /* the same with 64-bit addresses */

/* Guest memory: one read-write page at TMEM, the page after it unmapped. */
#define TMEM 0x10000u
#define TMEM_SIZE 0x1000u
#define TMEM_HOLE (TMEM + TMEM_SIZE)

typedef void (*tblock_fn)(struct ir_block *b, void *ctx);
struct tprog {
    struct {
        uint64_t pc;
        tblock_fn fn;
    } blocks[32];
    unsigned n;
    tblock_fn fallback;     /* for every other pc, when set */
    void *ctx;
    unsigned translations;  /* how many times the frontend ran */
};
void tprog_add(struct tprog *p, uint64_t pc, tblock_fn fn);

struct tmachine {
    struct guest_mem mem;
    struct dbt *d;
    struct tcpu cpu;
    struct tprog *prog;
};

struct tmachine_opts {
    enum engine_kind engine;
    uint32_t passes_off;
    size_t code_cache_size;
    bool no_chain;
    bool addr64;
};

/* Sets up guest memory and a translator; asserts on failure. */
void tmachine_init(struct tmachine *m, struct tprog *p, const struct tmachine_opts *o);
enum exit_reason tmachine_run(struct tmachine *m, uint64_t pc);
uint8_t *tmachine_mem(struct tmachine *m);
void tmachine_fini(struct tmachine *m);

/* Both engines by every pass configuration worth comparing: all passes on,
 * all off, and each one alone off. */
#define T_CONFIGS (2 * (2 + OPT_NUM_PASSES))
void tconfig(unsigned i, struct tmachine_opts *o);
const char *tconfig_name(unsigned i, char *buf, size_t len);

#endif
