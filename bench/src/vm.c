/* A bytecode interpreter with switch dispatch: a stack machine runs a
 * Collatz-length program; the same computation in C is the reference.
 * Size: hundreds of starting values. */
#include "common.h"

#define DEFAULT_SIZE 640
#define EXPECTED 0x3de4df13f718bb6cULL

enum op { OP_PUSH, OP_LOAD, OP_STORE, OP_ADD, OP_MUL, OP_AND, OP_SHR, OP_MOD, OP_LT, OP_EQ,
          OP_JMP, OP_JZ, OP_JNZ, OP_HALT };

enum var { V_K, V_N, V_X, V_STEPS, V_TOTAL, NVARS };

struct code {
    int32_t w[128];
    uint32_t n;
};

static uint32_t emit(struct code *c, int32_t op)
{
    c->w[c->n] = op;
    return c->n++;
}

static uint32_t emit1(struct code *c, int32_t op, int32_t arg)
{
    emit(c, op);
    return emit(c, arg);  /* the operand's index, for patching jumps */
}

/* for (k = 0; k < n; k++) { x = k % 90000 + 1; steps = 0;
 *   while (x != 1) { x = x & 1 ? 3 * x + 1 : x >> 1; steps++; }
 *   total = total * 31 + steps; } */
static void assemble(struct code *c)
{
    c->n = 0;
    emit1(c, OP_PUSH, 0); emit1(c, OP_STORE, V_K);
    uint32_t loop = c->n;
    emit1(c, OP_LOAD, V_K); emit1(c, OP_LOAD, V_N); emit(c, OP_LT);
    uint32_t to_end = emit1(c, OP_JZ, 0);
    emit1(c, OP_LOAD, V_K); emit1(c, OP_PUSH, 90000); emit(c, OP_MOD);
    emit1(c, OP_PUSH, 1); emit(c, OP_ADD); emit1(c, OP_STORE, V_X);
    emit1(c, OP_PUSH, 0); emit1(c, OP_STORE, V_STEPS);
    uint32_t inner = c->n;
    emit1(c, OP_LOAD, V_X); emit1(c, OP_PUSH, 1); emit(c, OP_EQ);
    uint32_t to_next = emit1(c, OP_JNZ, 0);
    emit1(c, OP_LOAD, V_X); emit1(c, OP_PUSH, 1); emit(c, OP_AND);
    uint32_t to_even = emit1(c, OP_JZ, 0);
    emit1(c, OP_LOAD, V_X); emit1(c, OP_PUSH, 3); emit(c, OP_MUL); emit1(c, OP_PUSH, 1);
    emit(c, OP_ADD);
    uint32_t to_store = emit1(c, OP_JMP, 0);
    c->w[to_even] = (int32_t)c->n;
    emit1(c, OP_LOAD, V_X); emit1(c, OP_PUSH, 1); emit(c, OP_SHR);
    c->w[to_store] = (int32_t)c->n;
    emit1(c, OP_STORE, V_X);
    emit1(c, OP_LOAD, V_STEPS); emit1(c, OP_PUSH, 1); emit(c, OP_ADD); emit1(c, OP_STORE, V_STEPS);
    emit1(c, OP_JMP, (int32_t)inner);
    c->w[to_next] = (int32_t)c->n;
    emit1(c, OP_LOAD, V_TOTAL); emit1(c, OP_PUSH, 31); emit(c, OP_MUL); emit1(c, OP_LOAD, V_STEPS);
    emit(c, OP_ADD); emit1(c, OP_STORE, V_TOTAL);
    emit1(c, OP_LOAD, V_K); emit1(c, OP_PUSH, 1); emit(c, OP_ADD); emit1(c, OP_STORE, V_K);
    emit1(c, OP_JMP, (int32_t)loop);
    c->w[to_end] = (int32_t)c->n;
    emit(c, OP_HALT);
}

/* Returns the number of bytecodes executed. */
static uint64_t run(const int32_t *code, uint32_t *vars)
{
    uint32_t stack[16], sp = 0, pc = 0;
    uint64_t count = 0;
    for (;;) {
        int32_t op = code[pc++];
        count++;
        switch (op) {
        case OP_PUSH: stack[sp++] = (uint32_t)code[pc++]; break;
        case OP_LOAD: stack[sp++] = vars[code[pc++]]; break;
        case OP_STORE: vars[code[pc++]] = stack[--sp]; break;
        case OP_ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case OP_MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case OP_AND: sp--; stack[sp - 1] &= stack[sp]; break;
        case OP_SHR: sp--; stack[sp - 1] >>= stack[sp]; break;
        case OP_MOD: sp--; stack[sp - 1] %= stack[sp]; break;
        case OP_LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case OP_EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
        case OP_JMP: pc = (uint32_t)code[pc]; break;
        case OP_JZ: pc = stack[--sp] ? pc + 1 : (uint32_t)code[pc]; break;
        case OP_JNZ: pc = stack[--sp] ? (uint32_t)code[pc] : pc + 1; break;
        case OP_HALT: return count;
        default:
            fprintf(stderr, "vm: bad opcode %d at %u\n", op, pc - 1);
            exit(1);
        }
    }
}

static uint32_t reference(uint32_t n)
{
    uint32_t total = 0;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t x = k % 90000 + 1, steps = 0;
        while (x != 1) {
            x = x & 1 ? 3 * x + 1 : x >> 1;
            steps++;
        }
        total = total * 31 + steps;
    }
    return total;
}

int main(int argc, char **argv)
{
    uint32_t size = bench_size(argc, argv, DEFAULT_SIZE);
    struct code c;
    uint32_t vars[NVARS] = { 0 };
    assemble(&c);
    vars[V_N] = size * 100;
    uint64_t count = run(c.w, vars);
    bench_check("vm", vars[V_TOTAL] == reference(size * 100), "differs from the C reference");
    uint64_t sum = bench_mix(bench_mix(BENCH_HASH_INIT, vars[V_TOTAL]), (uint32_t)count);
    return bench_done("vm", size, DEFAULT_SIZE, sum, EXPECTED);
}
