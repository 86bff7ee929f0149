/* Unit tests for the x86-64 encoder: each instruction is encoded into a
 * buffer and disassembled with Capstone, which must decode exactly one
 * instruction covering every emitted byte with the expected text.
 * Expectations follow the Intel SDM encodings; where text alone cannot
 * tell encodings apart (disp8/disp32, imm8/imm32, spurious REX) the
 * expected length or the exact bytes are checked too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <capstone/capstone.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "x86_64/emit.h"

struct ctx {
    csh cs;
    int fails;
};

static const char *const r64[16] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const r32[16] = {
    "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
    "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d",
};
static const char *const r16[16] = {
    "ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
    "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w",
};
static const char *const r8[16] = {
    "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
    "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b",
};
static const char *const cc_names[16] = {
    "o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g",
};
static const char *const alu_names[8] = { "add", "or", "adc", "sbb", "and", "sub", "xor", "cmp" };

static const char *rn(bool w64, unsigned r)
{
    return w64 ? r64[r] : r32[r];
}

static const char *ptr_name(unsigned size)
{
    switch (size) {
    case 1: return "byte ptr";
    case 2: return "word ptr";
    case 4: return "dword ptr";
    default: return "qword ptr";
    }
}

/* Capstone prints numbers up to 9 in decimal and larger ones in hex. */
static void fmt_num(char *out, size_t n, uint64_t v)
{
    snprintf(out, n, v <= 9 ? "%" PRIu64 : "0x%" PRIx64, v);
}

/* Capstone's signed immediate style: "-0x80", "5", "0x7fffffff". */
static void fmt_simm(char *out, size_t n, int64_t v)
{
    char num[32];
    fmt_num(num, sizeof num, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
    snprintf(out, n, "%s%s", v < 0 ? "-" : "", num);
}

/* "[base + index*scale +/- disp]" as Capstone prints it. */
static void fmt_mem(char *out, size_t n, struct x64_mem m)
{
    char idx[16] = "", disp[32] = "", num[24];
    if (m.index != X64_NO_REG) {
        if (m.scale == 1)
            snprintf(idx, sizeof idx, " + %s", r64[m.index]);
        else
            snprintf(idx, sizeof idx, " + %s*%u", r64[m.index], m.scale);
    }
    if (m.disp != 0) {
        int64_t d = m.disp;
        fmt_num(num, sizeof num, (uint64_t)(d < 0 ? -d : d));
        snprintf(disp, sizeof disp, " %c %s", d < 0 ? '-' : '+', num);
    }
    snprintf(out, n, "[%s%s%s]", r64[m.base], idx, disp);
}

/* Length of ModRM + SIB + displacement for m, per the SDM addressing
 * tables: rm/base 100 needs a SIB, mod 00 with base 101 means disp32
 * without base, so RBP/R13 take a disp8 of 0. */
static int mem_len(struct x64_mem m)
{
    int len = 1;
    if (m.index != X64_NO_REG || (m.base & 7) == 4)
        len++;
    if (m.disp == 0 && (m.base & 7) != 5)
        return len;
    return len + (m.disp >= -128 && m.disp <= 127 ? 1 : 4);
}

static int rex_len(bool w, unsigned reg, struct x64_mem m)
{
    return (w || reg >= 8 || m.base >= 8 || (m.index != X64_NO_REG && m.index >= 8)) ? 1 : 0;
}

static size_t parse_hex(const char *hex, uint8_t *out)
{
    size_t n = 0;
    for (; hex[0] && hex[1]; hex += 2) {
        unsigned v;
        sscanf(hex, "%2x", &v);
        out[n++] = (uint8_t)v;
    }
    return n;
}

/* Checks the bytes in buf..b->p: one instruction of exactly that length,
 * text equal to expect, length equal to len (unless -1) and bytes equal
 * to hex (unless NULL). Mismatches are printed and counted so one test
 * reports all of them. */
static void check_insn(struct ctx *c, const struct x64_buf *b, const uint8_t *buf, int len,
                       const char *hex, const char *expect, const char *file, int line)
{
    size_t n = (size_t)(b->p - buf);
    char text[256] = "<none>";
    cs_insn *insn = NULL;
    size_t count = b->overflow ? 0 : cs_disasm(c->cs, buf, n, (uintptr_t)buf, 0, &insn);
    bool ok = !b->overflow && count == 1 && insn[0].size == n;

    if (count >= 1)
        snprintf(text, sizeof text, "%s%s%s", insn[0].mnemonic, insn[0].op_str[0] ? " " : "",
                 insn[0].op_str);
    ok = ok && strcmp(text, expect) == 0 && (len < 0 || (size_t)len == n);
    if (hex) {
        uint8_t want[32];
        size_t wn = parse_hex(hex, want);
        ok = ok && wn == n && memcmp(want, buf, n) == 0;
    }
    if (!ok) {
        char got[100] = "";
        for (size_t i = 0; i < n && i < 32; i++)
            snprintf(got + 2 * i, sizeof got - 2 * i, "%02x", buf[i]);
        print_error("%s:%d: expected \"%s\" (len %d, bytes %s), got \"%s\" (%zu insns, bytes %s)"
                    "%s\n", file, line, expect, len, hex ? hex : "-", text, count, got,
                    b->overflow ? " OVERFLOW" : "");
        c->fails++;
    }
    cs_free(insn, count);
}

/* Emits the statements (which use `b`) into a fresh buffer and checks. */
#define EMIT_FULL(len, hex, expect, ...) do {                                   \
        uint8_t buf_[64];                                                       \
        struct x64_buf bb_;                                                     \
        x64_buf_init(&bb_, buf_, buf_ + sizeof buf_);                           \
        struct x64_buf *b = &bb_;                                               \
        __VA_ARGS__;                                                            \
        check_insn(c, b, buf_, (len), (hex), (expect), __FILE__, __LINE__);     \
    } while (0)
#define EMIT(expect, ...) EMIT_FULL(-1, NULL, expect, __VA_ARGS__)
#define EMIT_LEN(len, expect, ...) EMIT_FULL(len, NULL, expect, __VA_ARGS__)
#define EMIT_HEX(hex, expect, ...) EMIT_FULL(-1, hex, expect, __VA_ARGS__)

static struct ctx *begin(void **state)
{
    struct ctx *c = *state;
    c->fails = 0;
    return c;
}

static void finish(struct ctx *c)
{
    assert_int_equal(c->fails, 0);
}

/* Memory operands covering every base and index (index RSP excluded). */
static struct x64_mem mem_for(unsigned base, unsigned index, int32_t disp)
{
    return (struct x64_mem){ (uint8_t)base, (uint8_t)index, 1, disp };
}

static const unsigned index_list[] = {
    X64_NO_REG, 0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
};
#define N_INDEX (sizeof index_list / sizeof index_list[0])

/* ---- tests ---- */

static void test_buf_u8_u32(void **state)
{
    struct ctx *c = begin(state);
    uint8_t buf[32];
    struct x64_buf b;
    x64_buf_init(&b, buf, buf + sizeof buf);
    assert_ptr_equal(b.start, buf);
    assert_ptr_equal(b.p, buf);
    assert_ptr_equal(b.end, buf + sizeof buf);
    assert_false(b.overflow);
    x64_emit_u8(&b, 0xab);
    x64_emit_u32(&b, 0x12345678);
    assert_int_equal(b.p - buf, 5);
    assert_memory_equal(buf, ((const uint8_t[]){ 0xab, 0x78, 0x56, 0x34, 0x12 }), 5);
    assert_false(b.overflow);
    finish(c);
}

static void test_mov_rr(void **state)
{
    struct ctx *c = begin(state);
    char exp[64];
    for (int w = 0; w < 2; w++)
        for (unsigned d = 0; d < 16; d++)
            for (unsigned s = 0; s < 16; s++) {
                snprintf(exp, sizeof exp, "mov %s, %s", rn(w, d), rn(w, s));
                /* 89 /r, REX only when needed */
                EMIT_LEN(2 + (w || d >= 8 || s >= 8), exp, x64_emit_mov_rr(b, w, d, s));
            }
    EMIT_HEX("4c89c0", "mov rax, r8", x64_emit_mov_rr(b, true, X64_RAX, X64_R8));
    EMIT_HEX("89e5", "mov ebp, esp", x64_emit_mov_rr(b, false, X64_RBP, X64_RSP));
    finish(c);
}

static void test_mov_ri(void **state)
{
    struct ctx *c = begin(state);
    char exp[64];
    for (unsigned r = 0; r < 16; r++) {
        int rex = r >= 8;
        snprintf(exp, sizeof exp, "xor %s, %s", r32[r], r32[r]);
        EMIT_LEN(2 + rex, exp, x64_emit_mov_ri(b, r, 0));
        snprintf(exp, sizeof exp, "mov %s, 1", r32[r]);
        EMIT_LEN(5 + rex, exp, x64_emit_mov_ri(b, r, 1));
        snprintf(exp, sizeof exp, "mov %s, 0xffffffff", r32[r]);
        EMIT_LEN(5 + rex, exp, x64_emit_mov_ri(b, r, 0xffffffffu));
        snprintf(exp, sizeof exp, "movabs %s, 0x100000000", r64[r]);
        EMIT_LEN(10, exp, x64_emit_mov_ri(b, r, 0x100000000u));
        snprintf(exp, sizeof exp, "mov %s, -1", r64[r]);
        EMIT_LEN(7, exp, x64_emit_mov_ri(b, r, UINT64_MAX));
        snprintf(exp, sizeof exp, "mov %s, -0x80000000", r64[r]);
        EMIT_LEN(7, exp, x64_emit_mov_ri(b, r, (uint64_t)(int64_t)INT32_MIN));
    }
    EMIT_HEX("31c0", "xor eax, eax", x64_emit_mov_ri(b, X64_RAX, 0));
    EMIT_HEX("4531c0", "xor r8d, r8d", x64_emit_mov_ri(b, X64_R8, 0));
    EMIT_HEX("b801000000", "mov eax, 1", x64_emit_mov_ri(b, X64_RAX, 1));
    EMIT_HEX("41bf01000000", "mov r15d, 1", x64_emit_mov_ri(b, X64_R15, 1));
    EMIT_HEX("be00000080", "mov esi, 0x80000000", x64_emit_mov_ri(b, X64_RSI, 0x80000000u));
    EMIT_HEX("b8ffffffff", "mov eax, 0xffffffff", x64_emit_mov_ri(b, X64_RAX, 0xffffffffu));
    EMIT_HEX("48c7c0ffffffff", "mov rax, -1", x64_emit_mov_ri(b, X64_RAX, UINT64_MAX));
    EMIT_HEX("49c7c100000080", "mov r9, -0x80000000",
             x64_emit_mov_ri(b, X64_R9, 0xffffffff80000000u));
    EMIT_HEX("48b80000000001000000", "movabs rax, 0x100000000",
             x64_emit_mov_ri(b, X64_RAX, 0x100000000u));
    EMIT_HEX("49bbffffff7fffffffff", "movabs r11, 0xffffffff7fffffff",
             x64_emit_mov_ri(b, X64_R11, 0xffffffff7fffffffu));
    EMIT_HEX("48ba0000000000000080", "movabs rdx, 0x8000000000000000",
             x64_emit_mov_ri(b, X64_RDX, 0x8000000000000000u));
    finish(c);
}

/* Mnemonic and destination name for a load of the given shape. */
static void load_text(char *out, size_t n, unsigned size, bool sign, bool w64, unsigned dst,
                      struct x64_mem m)
{
    char ms[64];
    const char *mn = size <= 2 ? (sign ? "movsx" : "movzx")
                   : (size == 4 && sign && w64) ? "movsxd" : "mov";
    bool wide = size == 8 || (w64 && (size < 4 || sign));
    fmt_mem(ms, sizeof ms, m);
    snprintf(out, n, "%s %s, %s %s", mn, rn(wide, dst), ptr_name(size), ms);
}

static void test_load_all_regs(void **state)
{
    struct ctx *c = begin(state);
    char exp[160];
    /* Every destination, base and index for the 64-bit load. */
    for (unsigned d = 0; d < 16; d++)
        for (unsigned base = 0; base < 16; base++)
            for (size_t i = 0; i < N_INDEX; i++) {
                struct x64_mem m = mem_for(base, index_list[i], 0x10);
                load_text(exp, sizeof exp, 8, false, true, d, m);
                EMIT_LEN(2 + mem_len(m), exp, x64_emit_load(b, 8, false, true, d, m));
            }
    /* Every size / signedness / width against every dst and base. */
    static const unsigned sizes[] = { 1, 2, 4, 8 };
    for (size_t si = 0; si < 4; si++)
        for (int sign = 0; sign < 2; sign++)
            for (int w = 0; w < 2; w++)
                for (unsigned d = 0; d < 16; d++)
                    for (unsigned base = 0; base < 16; base++) {
                        unsigned size = sizes[si];
                        unsigned index = (base + 3) % 16 == 4 ? 7 : (base + 3) % 16;
                        struct x64_mem m = mem_for(base, index, -4);
                        bool wbit = size == 8 || (w && (size < 4 || sign));
                        int opc = size <= 2 ? 2 : 1;
                        load_text(exp, sizeof exp, size, sign, w, d, m);
                        EMIT_LEN(rex_len(wbit, d, m) + opc + mem_len(m), exp,
                                 x64_emit_load(b, size, sign, w, d, m));
                    }
    EMIT_HEX("498b4508", "mov rax, qword ptr [r13 + 8]",
             x64_emit_load(b, 8, false, true, X64_RAX, x64_mem_bd(X64_R13, 8)));
    EMIT_HEX("410fb6343f", "movzx esi, byte ptr [r15 + rdi]",
             x64_emit_load(b, 1, false, false, X64_RSI, x64_mem_bi(X64_R15, X64_RDI, 0)));
    EMIT_HEX("480fbf4608", "movsx rax, word ptr [rsi + 8]",
             x64_emit_load(b, 2, true, true, X64_RAX, x64_mem_bd(X64_RSI, 8)));
    EMIT_HEX("0fbe4608", "movsx eax, byte ptr [rsi + 8]",
             x64_emit_load(b, 1, true, false, X64_RAX, x64_mem_bd(X64_RSI, 8)));
    EMIT_HEX("4c634608", "movsxd r8, dword ptr [rsi + 8]",
             x64_emit_load(b, 4, true, true, X64_R8, x64_mem_bd(X64_RSI, 8)));
    EMIT_HEX("8b4608", "mov eax, dword ptr [rsi + 8]",
             x64_emit_load(b, 4, false, true, X64_RAX, x64_mem_bd(X64_RSI, 8)));
    EMIT_HEX("4b8b44ecf8", "mov rax, qword ptr [r12 + r13*8 - 8]",
             x64_emit_load(b, 8, false, true, X64_RAX,
                           (struct x64_mem){ X64_R12, X64_R13, 8, -8 }));
    finish(c);
}

static void store_text(char *out, size_t n, unsigned size, unsigned src, struct x64_mem m)
{
    char ms[64];
    const char *const *names = size == 1 ? r8 : size == 2 ? r16 : size == 4 ? r32 : r64;
    fmt_mem(ms, sizeof ms, m);
    snprintf(out, n, "mov %s %s, %s", ptr_name(size), ms, names[src]);
}

static void test_store_all_regs(void **state)
{
    struct ctx *c = begin(state);
    char exp[160];
    static const unsigned sizes[] = { 1, 2, 4, 8 };
    for (unsigned s = 0; s < 16; s++)
        for (unsigned base = 0; base < 16; base++)
            for (size_t i = 0; i < N_INDEX; i++) {
                struct x64_mem m = mem_for(base, index_list[i], -0x1000);
                store_text(exp, sizeof exp, 8, s, m);
                EMIT_LEN(2 + mem_len(m), exp, x64_emit_store(b, 8, s, m));
            }
    for (size_t si = 0; si < 4; si++)
        for (unsigned s = 0; s < 16; s++)
            for (unsigned base = 0; base < 16; base++) {
                unsigned size = sizes[si];
                struct x64_mem m = mem_for(base, X64_NO_REG, 0x7f);
                /* byte stores of SPL..DIL need an (empty) REX */
                int rex = rex_len(size == 8, s, m) || (size == 1 && s >= 4 && s <= 7);
                store_text(exp, sizeof exp, size, s, m);
                EMIT_LEN((size == 2) + rex + 1 + mem_len(m), exp, x64_emit_store(b, size, s, m));
            }
    EMIT_HEX("4088742408", "mov byte ptr [rsp + 8], sil",
             x64_emit_store(b, 1, X64_RSI, x64_mem_bd(X64_RSP, 8)));
    EMIT_HEX("40883c24", "mov byte ptr [rsp], dil",
             x64_emit_store(b, 1, X64_RDI, x64_mem_bd(X64_RSP, 0)));
    EMIT_HEX("881c24", "mov byte ptr [rsp], bl",
             x64_emit_store(b, 1, X64_RBX, x64_mem_bd(X64_RSP, 0)));
    EMIT_HEX("40887d00", "mov byte ptr [rbp], dil",
             x64_emit_store(b, 1, X64_RDI, x64_mem_bd(X64_RBP, 0)));
    EMIT_HEX("4288442d00", "mov byte ptr [rbp + r13], al",
             x64_emit_store(b, 1, X64_RAX, x64_mem_bi(X64_RBP, X64_R13, 0)));
    EMIT_HEX("6644894f02", "mov word ptr [rdi + 2], r9w",
             x64_emit_store(b, 2, X64_R9, x64_mem_bd(X64_RDI, 2)));
    EMIT_HEX("48891c24", "mov qword ptr [rsp], rbx",
             x64_emit_store(b, 8, X64_RBX, x64_mem_bd(X64_RSP, 0)));
    finish(c);
}

static void test_special_bases(void **state)
{
    struct ctx *c = begin(state);
    static const unsigned bases[] = { X64_RAX, X64_RBX, X64_RSP, X64_RBP, X64_R12, X64_R13 };
    static const int32_t disps[] = { 0, 1, 8, -8, 127, -128, 128, -129, 0x12345678, INT32_MIN,
                                     INT32_MAX };
    static const unsigned idx[] = { X64_NO_REG, X64_RCX, X64_R13 };
    char exp[160];
    for (size_t bi = 0; bi < sizeof bases / sizeof bases[0]; bi++)
        for (size_t di = 0; di < sizeof disps / sizeof disps[0]; di++)
            for (size_t ii = 0; ii < 3; ii++)
                for (unsigned scale = 1; scale <= 8; scale *= 2) {
                    if (idx[ii] == X64_NO_REG && scale != 1)
                        continue;
                    struct x64_mem m = { (uint8_t)bases[bi], (uint8_t)idx[ii], (uint8_t)scale,
                                         disps[di] };
                    load_text(exp, sizeof exp, 8, false, true, X64_RDX, m);
                    EMIT_LEN(2 + mem_len(m), exp, x64_emit_load(b, 8, false, true, X64_RDX, m));
                    store_text(exp, sizeof exp, 4, X64_R10, m);
                    EMIT_LEN(2 + mem_len(m), exp, x64_emit_store(b, 4, X64_R10, m));
                }
    /* Exact SDM forms for the special bases. */
    EMIT_HEX("488b0424", "mov rax, qword ptr [rsp]",
             x64_emit_load(b, 8, false, true, X64_RAX, x64_mem_bd(X64_RSP, 0)));
    EMIT_HEX("488b442408", "mov rax, qword ptr [rsp + 8]",
             x64_emit_load(b, 8, false, true, X64_RAX, x64_mem_bd(X64_RSP, 8)));
    EMIT_HEX("488b842480000000", "mov rax, qword ptr [rsp + 0x80]",
             x64_emit_load(b, 8, false, true, X64_RAX, x64_mem_bd(X64_RSP, 0x80)));
    EMIT_HEX("488b4500", "mov rax, qword ptr [rbp]",
             x64_emit_load(b, 8, false, true, X64_RAX, x64_mem_bd(X64_RBP, 0)));
    EMIT_HEX("488b45f8", "mov rax, qword ptr [rbp - 8]",
             x64_emit_load(b, 8, false, true, X64_RAX, x64_mem_bd(X64_RBP, -8)));
    EMIT_HEX("488b8578563412", "mov rax, qword ptr [rbp + 0x12345678]",
             x64_emit_load(b, 8, false, true, X64_RAX, x64_mem_bd(X64_RBP, 0x12345678)));
    EMIT_HEX("498b0424", "mov rax, qword ptr [r12]",
             x64_emit_load(b, 8, false, true, X64_RAX, x64_mem_bd(X64_R12, 0)));
    EMIT_HEX("498b44247f", "mov rax, qword ptr [r12 + 0x7f]",
             x64_emit_load(b, 8, false, true, X64_RAX, x64_mem_bd(X64_R12, 127)));
    EMIT_HEX("498b442480", "mov rax, qword ptr [r12 - 0x80]",
             x64_emit_load(b, 8, false, true, X64_RAX, x64_mem_bd(X64_R12, -128)));
    EMIT_HEX("498b84247fffffff", "mov rax, qword ptr [r12 - 0x81]",
             x64_emit_load(b, 8, false, true, X64_RAX, x64_mem_bd(X64_R12, -129)));
    EMIT_HEX("498b4500", "mov rax, qword ptr [r13]",
             x64_emit_load(b, 8, false, true, X64_RAX, x64_mem_bd(X64_R13, 0)));
    EMIT_HEX("498b8500000080", "mov rax, qword ptr [r13 - 0x80000000]",
             x64_emit_load(b, 8, false, true, X64_RAX, x64_mem_bd(X64_R13, INT32_MIN)));
    EMIT_HEX("4a8b0428", "mov rax, qword ptr [rax + r13]",
             x64_emit_load(b, 8, false, true, X64_RAX, x64_mem_bi(X64_RAX, X64_R13, 0)));
    EMIT_HEX("4a8b442d00", "mov rax, qword ptr [rbp + r13]",
             x64_emit_load(b, 8, false, true, X64_RAX, x64_mem_bi(X64_RBP, X64_R13, 0)));
    finish(c);
}

static void test_scales_and_lea(void **state)
{
    struct ctx *c = begin(state);
    char exp[160], ms[64];
    for (unsigned scale = 1; scale <= 8; scale *= 2)
        for (unsigned d = 0; d < 16; d++)
            for (unsigned base = 0; base < 16; base++) {
                unsigned index = base == 3 ? 5 : (base + 1) % 16; /* never RSP */
                struct x64_mem m = { (uint8_t)base, (uint8_t)index, (uint8_t)scale, 0x40 };
                fmt_mem(ms, sizeof ms, m);
                for (int w = 0; w < 2; w++) {
                    snprintf(exp, sizeof exp, "lea %s, %s", rn(w, d), ms);
                    EMIT_LEN(rex_len(w, d, m) + 1 + mem_len(m), exp, x64_emit_lea(b, w, d, m));
                }
            }
    EMIT_HEX("488d448d08", "lea rax, [rbp + rcx*4 + 8]",
             x64_emit_lea(b, true, X64_RAX, (struct x64_mem){ X64_RBP, X64_RCX, 4, 8 }));
    EMIT_HEX("8d048e", "lea eax, [rsi + rcx*4]",
             x64_emit_lea(b, false, X64_RAX, (struct x64_mem){ X64_RSI, X64_RCX, 4, 0 }));
    EMIT_HEX("4e8d3c4f", "lea r15, [rdi + r9*2]",
             x64_emit_lea(b, true, X64_R15, (struct x64_mem){ X64_RDI, X64_R9, 2, 0 }));
    EMIT_HEX("488d04c8", "lea rax, [rax + rcx*8]",
             x64_emit_lea(b, true, X64_RAX, (struct x64_mem){ X64_RAX, X64_RCX, 8, 0 }));
    finish(c);
}

/* Atomic read-modify-write forms: lock cmpxchg and xchg with memory. */
static void test_atomics(void **state)
{
    struct ctx *c = begin(state);
    struct x64_mem m = x64_mem_bi(X64_R15, X64_RCX, 0);
    EMIT_HEX("f0410fb0140f", "lock cmpxchg byte ptr [r15 + rcx], dl",
             x64_emit_lock_cmpxchg(b, 1, X64_RDX, m));
    EMIT_HEX("f066410fb1140f", "lock cmpxchg word ptr [r15 + rcx], dx",
             x64_emit_lock_cmpxchg(b, 2, X64_RDX, m));
    EMIT_HEX("f0410fb1140f", "lock cmpxchg dword ptr [r15 + rcx], edx",
             x64_emit_lock_cmpxchg(b, 4, X64_RDX, m));
    EMIT_HEX("f0490fb1140f", "lock cmpxchg qword ptr [r15 + rcx], rdx",
             x64_emit_lock_cmpxchg(b, 8, X64_RDX, m));
    EMIT_HEX("40863c24", "xchg byte ptr [rsp], dil",
             x64_emit_xchg_m(b, 1, X64_RDI, x64_mem_bd(X64_RSP, 0)));
    EMIT_HEX("41877710", "xchg dword ptr [r15 + 0x10], esi",
             x64_emit_xchg_m(b, 4, X64_RSI, x64_mem_bd(X64_R15, 0x10)));
    EMIT_HEX("4887140f", "xchg qword ptr [rdi + rcx], rdx",
             x64_emit_xchg_m(b, 8, X64_RDX, x64_mem_bi(X64_RDI, X64_RCX, 0)));
    finish(c);
}

static void test_store_imm(void **state)
{
    struct ctx *c = begin(state);
    char exp[160], ms[64];
    for (unsigned base = 0; base < 16; base++) {
        struct x64_mem m = x64_mem_bd(base, 0x20);
        int rex = base >= 8;
        fmt_mem(ms, sizeof ms, m);
        snprintf(exp, sizeof exp, "mov byte ptr %s, 0x7f", ms);
        EMIT_LEN(rex + 2 + mem_len(m), exp, x64_emit_store_imm(b, 1, 0x7f, m));
        snprintf(exp, sizeof exp, "mov word ptr %s, 0x1234", ms);
        EMIT_LEN(1 + rex + 3 + mem_len(m), exp, x64_emit_store_imm(b, 2, 0x1234, m));
        snprintf(exp, sizeof exp, "mov dword ptr %s, 0x12345678", ms);
        EMIT_LEN(rex + 5 + mem_len(m), exp, x64_emit_store_imm(b, 4, 0x12345678, m));
        snprintf(exp, sizeof exp, "mov qword ptr %s, -0x12345678", ms);
        EMIT_LEN(1 + 5 + mem_len(m), exp, x64_emit_store_imm(b, 8, -0x12345678, m));
    }
    EMIT_HEX("c60080", "mov byte ptr [rax], 0x80",
             x64_emit_store_imm(b, 1, -128, x64_mem_bd(X64_RAX, 0)));
    EMIT_HEX("66c7003412", "mov word ptr [rax], 0x1234",
             x64_emit_store_imm(b, 2, 0x1234, x64_mem_bd(X64_RAX, 0)));
    EMIT_HEX("66c700ffff", "mov word ptr [rax], 0xffff",
             x64_emit_store_imm(b, 2, -1, x64_mem_bd(X64_RAX, 0)));
    EMIT_HEX("c7042478563412", "mov dword ptr [rsp], 0x12345678",
             x64_emit_store_imm(b, 4, 0x12345678, x64_mem_bd(X64_RSP, 0)));
    EMIT_HEX("49c74508ffffffff", "mov qword ptr [r13 + 8], -1",
             x64_emit_store_imm(b, 8, -1, x64_mem_bd(X64_R13, 8)));
    EMIT_HEX("66c74424080000", "mov word ptr [rsp + 8], 0",
             x64_emit_store_imm(b, 2, 0, x64_mem_bd(X64_RSP, 8)));
    finish(c);
}

static void test_alu_rr(void **state)
{
    struct ctx *c = begin(state);
    char exp[64];
    for (unsigned op = 0; op < 8; op++)
        for (int w = 0; w < 2; w++)
            for (unsigned d = 0; d < 16; d++)
                for (unsigned s = 0; s < 16; s++) {
                    snprintf(exp, sizeof exp, "%s %s, %s", alu_names[op], rn(w, d), rn(w, s));
                    EMIT_LEN(2 + (w || d >= 8 || s >= 8), exp, x64_emit_alu_rr(b, op, w, d, s));
                }
    /* op r/m, reg forms: 01, 09, 11, 19, 21, 29, 31, 39 */
    EMIT_HEX("4801c8", "add rax, rcx", x64_emit_alu_rr(b, X64_ADD, true, X64_RAX, X64_RCX));
    EMIT_HEX("4509c8", "or r8d, r9d", x64_emit_alu_rr(b, X64_OR, false, X64_R8, X64_R9));
    EMIT_HEX("11d8", "adc eax, ebx", x64_emit_alu_rr(b, X64_ADC, false, X64_RAX, X64_RBX));
    EMIT_HEX("4c19e0", "sbb rax, r12", x64_emit_alu_rr(b, X64_SBB, true, X64_RAX, X64_R12));
    EMIT_HEX("4921c7", "and r15, rax", x64_emit_alu_rr(b, X64_AND, true, X64_R15, X64_RAX));
    EMIT_HEX("29f7", "sub edi, esi", x64_emit_alu_rr(b, X64_SUB, false, X64_RDI, X64_RSI));
    EMIT_HEX("31e4", "xor esp, esp", x64_emit_alu_rr(b, X64_XOR, false, X64_RSP, X64_RSP));
    EMIT_HEX("4839ea", "cmp rdx, rbp", x64_emit_alu_rr(b, X64_CMP, true, X64_RDX, X64_RBP));
    finish(c);
}

static void test_alu_ri(void **state)
{
    struct ctx *c = begin(state);
    /* Capstone shows add/adc/sbb/sub/cmp immediates signed for imm8 forms,
     * unsigned for 32-bit imm32 forms and signed for 64-bit imm32 forms;
     * and/or/xor immediates always as unsigned operand-size values. */
    static const struct { int32_t imm; int len; const char *t32, *t64; } cases[] = {
        { 0, 3, "0", "0" },
        { 1, 3, "1", "1" },
        { 127, 3, "0x7f", "0x7f" },
        { -1, 3, "-1", "-1" },
        { -128, 3, "-0x80", "-0x80" },
        { 128, 6, "0x80", "0x80" },
        { -129, 6, "0xffffff7f", "-0x81" },
        { 0x12345678, 6, "0x12345678", "0x12345678" },
        { INT32_MAX, 6, "0x7fffffff", "0x7fffffff" },
        { INT32_MIN, 6, "0x80000000", "-0x80000000" },
    };
    char exp[64];
    for (unsigned op = 0; op < 8; op++)
        for (int w = 0; w < 2; w++)
            for (unsigned r = 0; r < 16; r++)
                for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                    char num[32];
                    int64_t v = cases[i].imm;
                    fmt_num(num, sizeof num, w ? (uint64_t)v : (uint32_t)v);
                    bool logic = op == X64_OR || op == X64_AND || op == X64_XOR;
                    snprintf(exp, sizeof exp, "%s %s, %s", alu_names[op], rn(w, r),
                             logic ? num : w ? cases[i].t64 : cases[i].t32);
                    EMIT_LEN(cases[i].len + (w || r >= 8), exp,
                             x64_emit_alu_ri(b, op, w, r, cases[i].imm));
                }
    /* Never the short AL/EAX forms (05 id etc.). */
    EMIT_HEX("4883c001", "add rax, 1", x64_emit_alu_ri(b, X64_ADD, true, X64_RAX, 1));
    EMIT_HEX("81c000010000", "add eax, 0x100", x64_emit_alu_ri(b, X64_ADD, false, X64_RAX, 0x100));
    EMIT_HEX("4981ff00100000", "cmp r15, 0x1000",
             x64_emit_alu_ri(b, X64_CMP, true, X64_R15, 0x1000));
    EMIT_HEX("83e4f0", "and esp, 0xfffffff0",
             x64_emit_alu_ri(b, X64_AND, false, X64_RSP, -16));
    finish(c);
}

static void test_alu_mem(void **state)
{
    struct ctx *c = begin(state);
    char exp[160], ms[64], num[32];
    for (unsigned op = 0; op < 8; op++)
        for (int w = 0; w < 2; w++)
            for (unsigned base = 0; base < 16; base++) {
                unsigned index = (base + 5) % 16 == 4 ? X64_NO_REG : (base + 5) % 16;
                struct x64_mem m = mem_for(base, index, (int32_t)base * 4);
                int rex = rex_len(w, 0, m);
                fmt_mem(ms, sizeof ms, m);
                fmt_simm(num, sizeof num, 5);
                snprintf(exp, sizeof exp, "%s %s %s, %s", alu_names[op], ptr_name(w ? 8 : 4),
                         ms, num);
                EMIT_LEN(rex + 1 + mem_len(m) + 1, exp, x64_emit_alu_mi(b, op, w, m, 5));
                snprintf(exp, sizeof exp, "%s %s %s, 0x1000", alu_names[op],
                         ptr_name(w ? 8 : 4), ms);
                EMIT_LEN(rex + 1 + mem_len(m) + 4, exp, x64_emit_alu_mi(b, op, w, m, 0x1000));
            }
    for (unsigned op = 0; op < 8; op++)
        for (int w = 0; w < 2; w++)
            for (unsigned d = 0; d < 16; d++)
                for (unsigned base = 0; base < 16; base++)
                    for (size_t i = 0; i < N_INDEX; i += 3) {
                        struct x64_mem m = mem_for(base, index_list[i], -0x200);
                        fmt_mem(ms, sizeof ms, m);
                        snprintf(exp, sizeof exp, "%s %s, %s %s", alu_names[op], rn(w, d),
                                 ptr_name(w ? 8 : 4), ms);
                        EMIT_LEN(rex_len(w, d, m) + 1 + mem_len(m), exp,
                                 x64_emit_alu_rm(b, op, w, d, m));
                    }
    EMIT_HEX("4983450801", "add qword ptr [r13 + 8], 1",
             x64_emit_alu_mi(b, X64_ADD, true, x64_mem_bd(X64_R13, 8), 1));
    EMIT_HEX("812c2400100000", "sub dword ptr [rsp], 0x1000",
             x64_emit_alu_mi(b, X64_SUB, false, x64_mem_bd(X64_RSP, 0), 0x1000));
    EMIT_HEX("483b45f8", "cmp rax, qword ptr [rbp - 8]",
             x64_emit_alu_rm(b, X64_CMP, true, X64_RAX, x64_mem_bd(X64_RBP, -8)));
    EMIT_HEX("4403040c", "add r8d, dword ptr [rsp + rcx]",
             x64_emit_alu_rm(b, X64_ADD, false, X64_R8, x64_mem_bi(X64_RSP, X64_RCX, 0)));
    finish(c);
}

static void test_cmp_m8_i(void **state)
{
    struct ctx *c = begin(state);
    char exp[160], ms[64];
    for (unsigned base = 0; base < 16; base++) {
        struct x64_mem m = x64_mem_bd(base, 0x11);
        fmt_mem(ms, sizeof ms, m);
        snprintf(exp, sizeof exp, "cmp byte ptr %s, 0x7f", ms);
        EMIT_LEN((base >= 8) + 2 + mem_len(m), exp, x64_emit_cmp_m8_i(b, m, 127));
    }
    EMIT_HEX("803801", "cmp byte ptr [rax], 1", x64_emit_cmp_m8_i(b, x64_mem_bd(X64_RAX, 0), 1));
    EMIT_HEX("8038ff", "cmp byte ptr [rax], 0xff",
             x64_emit_cmp_m8_i(b, x64_mem_bd(X64_RAX, 0), -1));
    EMIT_HEX("41807d0000", "cmp byte ptr [r13], 0",
             x64_emit_cmp_m8_i(b, x64_mem_bd(X64_R13, 0), 0));
    EMIT_HEX("803c2400", "cmp byte ptr [rsp], 0", x64_emit_cmp_m8_i(b, x64_mem_bd(X64_RSP, 0), 0));
    finish(c);
}

static void test_test(void **state)
{
    struct ctx *c = begin(state);
    char exp[64];
    for (int w = 0; w < 2; w++)
        for (unsigned a = 0; a < 16; a++) {
            for (unsigned s = 0; s < 16; s++) {
                snprintf(exp, sizeof exp, "test %s, %s", rn(w, a), rn(w, s));
                EMIT_LEN(2 + (w || a >= 8 || s >= 8), exp, x64_emit_test_rr(b, w, a, s));
            }
            snprintf(exp, sizeof exp, "test %s, 0x1000", rn(w, a));
            EMIT_LEN(6 + (w || a >= 8), exp, x64_emit_test_ri(b, w, a, 0x1000));
            /* always F7 /0 id, even for small immediates */
            snprintf(exp, sizeof exp, "test %s, 1", rn(w, a));
            EMIT_LEN(6 + (w || a >= 8), exp, x64_emit_test_ri(b, w, a, 1));
        }
    EMIT_HEX("4885c9", "test rcx, rcx", x64_emit_test_rr(b, true, X64_RCX, X64_RCX));
    EMIT_HEX("4585c8", "test r8d, r9d", x64_emit_test_rr(b, false, X64_R8, X64_R9));
    EMIT_HEX("f7c000100000", "test eax, 0x1000", x64_emit_test_ri(b, false, X64_RAX, 0x1000));
    EMIT_HEX("f7c0ffffffff", "test eax, 0xffffffff", x64_emit_test_ri(b, false, X64_RAX, -1));
    EMIT_HEX("49f7c7ffffffff", "test r15, -1", x64_emit_test_ri(b, true, X64_R15, -1));
    finish(c);
}

static void test_mul(void **state)
{
    struct ctx *c = begin(state);
    char exp[64];
    for (int w = 0; w < 2; w++)
        for (unsigned d = 0; d < 16; d++) {
            int rd = w || d >= 8;
            snprintf(exp, sizeof exp, "mul %s", rn(w, d));
            EMIT_LEN(2 + rd, exp, x64_emit_mul_r(b, w, d));
            snprintf(exp, sizeof exp, "imul %s", rn(w, d));
            EMIT_LEN(2 + rd, exp, x64_emit_imul_r(b, w, d));
            for (unsigned s = 0; s < 16; s++) {
                int rex = w || d >= 8 || s >= 8;
                snprintf(exp, sizeof exp, "imul %s, %s", rn(w, d), rn(w, s));
                EMIT_LEN(3 + rex, exp, x64_emit_imul_rr(b, w, d, s));
                snprintf(exp, sizeof exp, "imul %s, %s, 3", rn(w, d), rn(w, s));
                EMIT_LEN(3 + rex, exp, x64_emit_imul_rri(b, w, d, s, 3));
                snprintf(exp, sizeof exp, "imul %s, %s, -0x80", rn(w, d), rn(w, s));
                EMIT_LEN(3 + rex, exp, x64_emit_imul_rri(b, w, d, s, -128));
                snprintf(exp, sizeof exp, "imul %s, %s, 0x3e8", rn(w, d), rn(w, s));
                EMIT_LEN(6 + rex, exp, x64_emit_imul_rri(b, w, d, s, 1000));
            }
        }
    EMIT_HEX("f7e1", "mul ecx", x64_emit_mul_r(b, false, X64_RCX));
    EMIT_HEX("49f7e8", "imul r8", x64_emit_imul_r(b, true, X64_R8));
    EMIT_HEX("480fafc1", "imul rax, rcx", x64_emit_imul_rr(b, true, X64_RAX, X64_RCX));
    EMIT_HEX("6bc1ff", "imul eax, ecx, -1", x64_emit_imul_rri(b, false, X64_RAX, X64_RCX, -1));
    EMIT_HEX("4d69c8e8030000", "imul r9, r8, 0x3e8",
             x64_emit_imul_rri(b, true, X64_R9, X64_R8, 1000));
    EMIT_HEX("4869c100000080", "imul rax, rcx, -0x80000000",
             x64_emit_imul_rri(b, true, X64_RAX, X64_RCX, INT32_MIN));
    finish(c);
}

static void test_neg_not(void **state)
{
    struct ctx *c = begin(state);
    char exp[64];
    for (int w = 0; w < 2; w++)
        for (unsigned r = 0; r < 16; r++) {
            snprintf(exp, sizeof exp, "neg %s", rn(w, r));
            EMIT_LEN(2 + (w || r >= 8), exp, x64_emit_neg(b, w, r));
            snprintf(exp, sizeof exp, "not %s", rn(w, r));
            EMIT_LEN(2 + (w || r >= 8), exp, x64_emit_not(b, w, r));
        }
    EMIT_HEX("48f7d8", "neg rax", x64_emit_neg(b, true, X64_RAX));
    EMIT_HEX("41f7d7", "not r15d", x64_emit_not(b, false, X64_R15));
    finish(c);
}

static void test_shifts(void **state)
{
    struct ctx *c = begin(state);
    static const struct { enum x64_shift op; const char *name; } ops[] = {
        { X64_ROL, "rol" }, { X64_ROR, "ror" }, { X64_SHL, "shl" }, { X64_SHR, "shr" },
        { X64_SAR, "sar" },
    };
    char exp[64], num[16];
    for (size_t i = 0; i < 5; i++)
        for (int w = 0; w < 2; w++)
            for (unsigned r = 0; r < 16; r++) {
                int rex = w || r >= 8;
                unsigned counts[] = { 5, w ? 63u : 31u, 2 };
                snprintf(exp, sizeof exp, "%s %s, cl", ops[i].name, rn(w, r));
                EMIT_LEN(2 + rex, exp, x64_emit_shift_cl(b, ops[i].op, w, r));
                snprintf(exp, sizeof exp, "%s %s, 1", ops[i].name, rn(w, r));
                EMIT_LEN(2 + rex, exp, x64_emit_shift_ri(b, ops[i].op, w, r, 1));
                for (size_t k = 0; k < 3; k++) {
                    fmt_num(num, sizeof num, counts[k]);
                    snprintf(exp, sizeof exp, "%s %s, %s", ops[i].name, rn(w, r), num);
                    EMIT_LEN(3 + rex, exp, x64_emit_shift_ri(b, ops[i].op, w, r, counts[k]));
                }
            }
    EMIT_HEX("d3e0", "shl eax, cl", x64_emit_shift_cl(b, X64_SHL, false, X64_RAX));
    EMIT_HEX("49d3f8", "sar r8, cl", x64_emit_shift_cl(b, X64_SAR, true, X64_R8));
    EMIT_HEX("d1e8", "shr eax, 1", x64_emit_shift_ri(b, X64_SHR, false, X64_RAX, 1));
    EMIT_HEX("48c1c905", "ror rcx, 5", x64_emit_shift_ri(b, X64_ROR, true, X64_RCX, 5));
    EMIT_HEX("48c1f83f", "sar rax, 0x3f", x64_emit_shift_ri(b, X64_SAR, true, X64_RAX, 63));
    EMIT_HEX("41d1c4", "rol r12d, 1", x64_emit_shift_ri(b, X64_ROL, false, X64_R12, 1));
    finish(c);
}

static void test_extend(void **state)
{
    struct ctx *c = begin(state);
    char exp[64];
    for (int w = 0; w < 2; w++)
        for (unsigned d = 0; d < 16; d++)
            for (unsigned s = 0; s < 16; s++) {
                /* byte sources 4-7 need REX to mean SPL..DIL, not AH..BH */
                int rex8 = w || d >= 8 || s >= 4;
                int rex16 = w || d >= 8 || s >= 8;
                snprintf(exp, sizeof exp, "movzx %s, %s", rn(w, d), r8[s]);
                EMIT_LEN(3 + rex8, exp, x64_emit_movzx(b, 1, w, d, s));
                snprintf(exp, sizeof exp, "movsx %s, %s", rn(w, d), r8[s]);
                EMIT_LEN(3 + rex8, exp, x64_emit_movsx(b, 1, w, d, s));
                snprintf(exp, sizeof exp, "movzx %s, %s", rn(w, d), r16[s]);
                EMIT_LEN(3 + rex16, exp, x64_emit_movzx(b, 2, w, d, s));
                snprintf(exp, sizeof exp, "movsx %s, %s", rn(w, d), r16[s]);
                EMIT_LEN(3 + rex16, exp, x64_emit_movsx(b, 2, w, d, s));
                if (w) {
                    snprintf(exp, sizeof exp, "movsxd %s, %s", r64[d], r32[s]);
                    EMIT_LEN(3, exp, x64_emit_movsxd(b, d, s));
                }
            }
    EMIT_HEX("400fb6c6", "movzx eax, sil", x64_emit_movzx(b, 1, false, X64_RAX, X64_RSI));
    EMIT_HEX("400fb6c4", "movzx eax, spl", x64_emit_movzx(b, 1, false, X64_RAX, X64_RSP));
    EMIT_HEX("0fb6c3", "movzx eax, bl", x64_emit_movzx(b, 1, false, X64_RAX, X64_RBX));
    EMIT_HEX("480fbec7", "movsx rax, dil", x64_emit_movsx(b, 1, true, X64_RAX, X64_RDI));
    EMIT_HEX("440fb7c5", "movzx r8d, bp", x64_emit_movzx(b, 2, false, X64_R8, X64_RBP));
    EMIT_HEX("4d0fbfc1", "movsx r8, r9w", x64_emit_movsx(b, 2, true, X64_R8, X64_R9));
    EMIT_HEX("4963c7", "movsxd rax, r15d", x64_emit_movsxd(b, X64_RAX, X64_R15));
    finish(c);
}

static void test_bswap_rol16_bsr(void **state)
{
    struct ctx *c = begin(state);
    char exp[64];
    for (unsigned r = 0; r < 16; r++) {
        for (int w = 0; w < 2; w++) {
            snprintf(exp, sizeof exp, "bswap %s", rn(w, r));
            EMIT_LEN(2 + (w || r >= 8), exp, x64_emit_bswap(b, w, r));
            for (unsigned s = 0; s < 16; s++) {
                snprintf(exp, sizeof exp, "bsr %s, %s", rn(w, r), rn(w, s));
                EMIT_LEN(3 + (w || r >= 8 || s >= 8), exp, x64_emit_bsr(b, w, r, s));
            }
        }
        snprintf(exp, sizeof exp, "rol %s, 8", r16[r]);
        EMIT_LEN(4 + (r >= 8), exp, x64_emit_rol16_8(b, r));
    }
    EMIT_HEX("0fc8", "bswap eax", x64_emit_bswap(b, false, X64_RAX));
    EMIT_HEX("490fc8", "bswap r8", x64_emit_bswap(b, true, X64_R8));
    EMIT_HEX("410fcf", "bswap r15d", x64_emit_bswap(b, false, X64_R15));
    EMIT_HEX("66c1c008", "rol ax, 8", x64_emit_rol16_8(b, X64_RAX));
    EMIT_HEX("6641c1c008", "rol r8w, 8", x64_emit_rol16_8(b, X64_R8));
    EMIT_HEX("0fbdc1", "bsr eax, ecx", x64_emit_bsr(b, false, X64_RAX, X64_RCX));
    EMIT_HEX("4c0fbdc0", "bsr r8, rax", x64_emit_bsr(b, true, X64_R8, X64_RAX));
    finish(c);
}

static void test_setcc_cmovcc(void **state)
{
    struct ctx *c = begin(state);
    char exp[64];
    for (unsigned cc = 0; cc < 16; cc++)
        for (unsigned r = 0; r < 16; r++) {
            snprintf(exp, sizeof exp, "set%s %s", cc_names[cc], r8[r]);
            EMIT_LEN(3 + (r >= 4), exp, x64_emit_setcc(b, cc, r));
            for (int w = 0; w < 2; w++) {
                unsigned s = 15 - r;
                snprintf(exp, sizeof exp, "cmov%s %s, %s", cc_names[cc], rn(w, r), rn(w, s));
                EMIT_LEN(3 + (w || r >= 8 || s >= 8), exp, x64_emit_cmovcc(b, cc, w, r, s));
            }
        }
    EMIT_HEX("0f94c0", "sete al", x64_emit_setcc(b, X64_CC_E, X64_RAX));
    EMIT_HEX("400f94c6", "sete sil", x64_emit_setcc(b, X64_CC_E, X64_RSI));
    EMIT_HEX("400f95c5", "setne bpl", x64_emit_setcc(b, X64_CC_NE, X64_RBP));
    EMIT_HEX("400f9fc4", "setg spl", x64_emit_setcc(b, X64_CC_G, X64_RSP));
    EMIT_HEX("400f9cc7", "setl dil", x64_emit_setcc(b, X64_CC_L, X64_RDI));
    EMIT_HEX("410f92c0", "setb r8b", x64_emit_setcc(b, X64_CC_B, X64_R8));
    EMIT_HEX("480f44c1", "cmove rax, rcx", x64_emit_cmovcc(b, X64_CC_E, true, X64_RAX, X64_RCX));
    EMIT_HEX("450f4fc8", "cmovg r9d, r8d", x64_emit_cmovcc(b, X64_CC_G, false, X64_R9, X64_R8));
    finish(c);
}

/* Disassembles one branch at buf and compares with "<mn> 0x<target>". */
static void check_branch(struct ctx *c, const uint8_t *buf, size_t len, const char *mn,
                         const uint8_t *target, int line)
{
    char exp[64];
    struct x64_buf fake = { (uint8_t *)buf, (uint8_t *)buf + len, (uint8_t *)buf + len, false };
    snprintf(exp, sizeof exp, "%s 0x%" PRIxPTR, mn, (uintptr_t)target);
    check_insn(c, &fake, buf, (int)len, NULL, exp, __FILE__, line);
}

static void test_branches(void **state)
{
    struct ctx *c = begin(state);
    uint8_t buf[256];
    struct x64_buf b;
    char mn[8];
    static const int offsets[] = { 0, 5, 6, 100, 200, 255 };
    for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
        const uint8_t *t = buf + offsets[i];
        x64_buf_init(&b, buf, buf + sizeof buf);
        assert_ptr_equal(x64_emit_jmp(&b, t), buf + 1);
        assert_int_equal(b.p - buf, 5);
        assert_int_equal(buf[0], 0xe9);
        check_branch(c, buf, 5, "jmp", t, __LINE__);

        x64_buf_init(&b, buf, buf + sizeof buf);
        assert_ptr_equal(x64_emit_call(&b, t), buf + 1);
        assert_int_equal(buf[0], 0xe8);
        check_branch(c, buf, 5, "call", t, __LINE__);

        for (unsigned cc = 0; cc < 16; cc++) {
            x64_buf_init(&b, buf, buf + sizeof buf);
            assert_ptr_equal(x64_emit_jcc(&b, cc, t), buf + 2);
            assert_int_equal(b.p - buf, 6);
            assert_int_equal(buf[0], 0x0f);
            assert_int_equal(buf[1], 0x80 + cc);
            snprintf(mn, sizeof mn, "j%s", cc_names[cc]);
            check_branch(c, buf, 6, mn, t, __LINE__);
        }
    }
    /* Backwards: a jump from later in the buffer to its start. */
    x64_buf_init(&b, buf, buf + sizeof buf);
    b.p = buf + 100;
    x64_emit_jcc(&b, X64_CC_NE, buf);
    /* rel32 = 0 - 106, counted from the end of the 6-byte jcc */
    assert_memory_equal(buf + 100, ((const uint8_t[]){ 0x0f, 0x85, 0x96, 0xff, 0xff, 0xff }), 6);
    check_branch(c, buf + 100, 6, "jne", buf, __LINE__);

    /* Unreachable targets still emit the instruction, with rel32 = 0. */
    const uint8_t *far = (const uint8_t *)((uintptr_t)buf + 0x100000000u);
    x64_buf_init(&b, buf, buf + sizeof buf);
    uint8_t *f1 = x64_emit_jmp(&b, far);
    uint8_t *f2 = x64_emit_jcc(&b, X64_CC_E, far);
    uint8_t *f3 = x64_emit_call(&b, far);
    assert_false(b.overflow);
    assert_ptr_equal(f1, buf + 1);
    assert_ptr_equal(f2, buf + 7);
    assert_ptr_equal(f3, buf + 12);
    assert_memory_equal(buf, ((const uint8_t[]){ 0xe9, 0, 0, 0, 0, 0x0f, 0x84, 0, 0, 0, 0,
                                                 0xe8, 0, 0, 0, 0 }), 16);
    finish(c);
}

static void test_patch_rel32(void **state)
{
    struct ctx *c = begin(state);
    uint8_t buf[128];
    struct x64_buf b;
    x64_buf_init(&b, buf, buf + sizeof buf);
    b.p = buf + 10;
    uint8_t *jf = x64_emit_jmp(&b, buf + 10);   /* jump to self */
    uint8_t *cf = x64_emit_jcc(&b, X64_CC_LE, buf + 10);
    uint8_t *lf = x64_emit_call(&b, buf + 10);
    check_branch(c, buf + 10, 5, "jmp", buf + 10, __LINE__);

    x64_patch_rel32(jf, buf + 100);
    assert_memory_equal(jf, ((const uint8_t[]){ 85, 0, 0, 0 }), 4); /* 100 - 15 */
    check_branch(c, buf + 10, 5, "jmp", buf + 100, __LINE__);
    x64_patch_rel32(cf, buf);
    check_branch(c, buf + 15, 6, "jle", buf, __LINE__);
    x64_patch_rel32(lf, buf + 127);
    check_branch(c, buf + 21, 5, "call", buf + 127, __LINE__);
    x64_patch_rel32(jf, buf + 14);     /* rel32 = -1 */
    assert_memory_equal(jf, ((const uint8_t[]){ 0xff, 0xff, 0xff, 0xff }), 4);
    check_branch(c, buf + 10, 5, "jmp", buf + 14, __LINE__);
    finish(c);
}

static void test_rel32_ok(void **state)
{
    (void)state;
    uint8_t buf[8] = { 0 };
    uintptr_t end = (uintptr_t)buf + 4; /* rel32 counts from the field's end */
    assert_true(x64_rel32_ok(buf, buf));
    assert_true(x64_rel32_ok(buf, (const uint8_t *)(end + INT32_MAX)));
    assert_false(x64_rel32_ok(buf, (const uint8_t *)(end + (uintptr_t)INT32_MAX + 1)));
    assert_true(x64_rel32_ok(buf, (const uint8_t *)(end - 0x80000000u)));
    assert_false(x64_rel32_ok(buf, (const uint8_t *)(end - 0x80000001u)));
    assert_false(x64_rel32_ok(buf, (const uint8_t *)(end + 0x100000000u)));
}

static void test_indirect(void **state)
{
    struct ctx *c = begin(state);
    char exp[160], ms[64];
    for (unsigned r = 0; r < 16; r++) {
        snprintf(exp, sizeof exp, "call %s", r64[r]);
        EMIT_LEN(2 + (r >= 8), exp, x64_emit_call_r(b, r));
        snprintf(exp, sizeof exp, "jmp %s", r64[r]);
        EMIT_LEN(2 + (r >= 8), exp, x64_emit_jmp_r(b, r));
        for (size_t i = 0; i < N_INDEX; i++) {
            struct x64_mem m = mem_for(r, index_list[i], 8 * (int32_t)i);
            fmt_mem(ms, sizeof ms, m);
            snprintf(exp, sizeof exp, "jmp qword ptr %s", ms);
            EMIT_LEN(rex_len(false, 0, m) + 1 + mem_len(m), exp, x64_emit_jmp_m(b, m));
        }
    }
    EMIT_HEX("ffd0", "call rax", x64_emit_call_r(b, X64_RAX));
    EMIT_HEX("41ffd3", "call r11", x64_emit_call_r(b, X64_R11));
    EMIT_HEX("ffe1", "jmp rcx", x64_emit_jmp_r(b, X64_RCX));
    EMIT_HEX("41ffe4", "jmp r12", x64_emit_jmp_r(b, X64_R12));
    EMIT_HEX("41ff6508", "jmp qword ptr [r13 + 8]", x64_emit_jmp_m(b, x64_mem_bd(X64_R13, 8)));
    EMIT_HEX("ff24c8", "jmp qword ptr [rax + rcx*8]",
             x64_emit_jmp_m(b, (struct x64_mem){ X64_RAX, X64_RCX, 8, 0 }));
    finish(c);
}

static void test_push_pop_ret(void **state)
{
    struct ctx *c = begin(state);
    char exp[32];
    for (unsigned r = 0; r < 16; r++) {
        snprintf(exp, sizeof exp, "push %s", r64[r]);
        EMIT_LEN(1 + (r >= 8), exp, x64_emit_push(b, r));
        snprintf(exp, sizeof exp, "pop %s", r64[r]);
        EMIT_LEN(1 + (r >= 8), exp, x64_emit_pop(b, r));
    }
    EMIT_HEX("55", "push rbp", x64_emit_push(b, X64_RBP));
    EMIT_HEX("4154", "push r12", x64_emit_push(b, X64_R12));
    EMIT_HEX("5d", "pop rbp", x64_emit_pop(b, X64_RBP));
    EMIT_HEX("415f", "pop r15", x64_emit_pop(b, X64_R15));
    EMIT_HEX("c3", "ret", x64_emit_ret(b));
    finish(c);
}

static void test_nops(void **state)
{
    struct ctx *c = begin(state);
    static const char *const sdm[10] = {
        "", "90", "6690", "0f1f00", "0f1f4000", "0f1f440000", "660f1f440000",
        "0f1f8000000000", "0f1f840000000000", "660f1f840000000000",
    };
    for (unsigned n = 0; n <= 40; n++) {
        uint8_t buf[64];
        struct x64_buf b;
        memset(buf, 0xcc, sizeof buf);
        x64_buf_init(&b, buf, buf + sizeof buf);
        x64_emit_nops(&b, n);
        assert_false(b.overflow);
        assert_int_equal(b.p - buf, n);
        assert_int_equal(buf[n], 0xcc);
        if (n >= 1 && n <= 9) {
            uint8_t want[16];
            assert_int_equal(parse_hex(sdm[n], want), n);
            assert_memory_equal(buf, want, n);
        }
        cs_insn *insn;
        size_t count = n ? cs_disasm(c->cs, buf, n, 0x1000, 0, &insn) : 0;
        size_t total = 0;
        for (size_t i = 0; i < count; i++) {
            if (strcmp(insn[i].mnemonic, "nop") != 0) {
                print_error("nops(%u): insn %zu is %s\n", n, i, insn[i].mnemonic);
                c->fails++;
            }
            total += insn[i].size;
        }
        if (total != n) {
            print_error("nops(%u): decoded %zu bytes\n", n, total);
            c->fails++;
        }
        if (count)
            cs_free(insn, count);
    }
    finish(c);
}

/* With 15 bytes left, every emitter must set overflow and write nothing;
 * with exactly 16 left it must succeed. */
static void test_overflow(void **state)
{
    struct ctx *c = begin(state);
    struct x64_mem m = { X64_R12, X64_R13, 8, 0x12345678 };
    for (int slack = 15; slack <= 16; slack++) {
        for (int k = 0; k < 49; k++) {
            uint8_t buf[64];
            struct x64_buf b;
            uint8_t *ret = NULL;
            memset(buf, 0xaa, sizeof buf);
            x64_buf_init(&b, buf, buf + sizeof buf);
            b.p = b.end - slack;
            switch (k) {
            case 0: x64_emit_u8(&b, 1); break;
            case 1: x64_emit_u32(&b, 1); break;
            case 2: x64_emit_mov_rr(&b, true, X64_R8, X64_R9); break;
            case 3: x64_emit_mov_ri(&b, X64_R8, 0x123456789abcdef0u); break;
            case 4: x64_emit_load(&b, 2, true, true, X64_R8, m); break;
            case 5: x64_emit_store(&b, 2, X64_R8, m); break;
            case 6: x64_emit_store_imm(&b, 2, 0x1234, m); break;
            case 7: x64_emit_store_imm(&b, 8, 0x12345678, m); break;
            case 8: x64_emit_lea(&b, true, X64_R8, m); break;
            case 9: x64_emit_alu_rr(&b, X64_ADD, true, X64_R8, X64_R9); break;
            case 10: x64_emit_alu_ri(&b, X64_ADD, true, X64_R8, 0x12345678); break;
            case 11: x64_emit_alu_mi(&b, X64_ADD, true, m, 0x12345678); break;
            case 12: x64_emit_alu_rm(&b, X64_ADD, true, X64_R8, m); break;
            case 13: x64_emit_cmp_m8_i(&b, m, 1); break;
            case 14: x64_emit_test_rr(&b, true, X64_R8, X64_R9); break;
            case 15: x64_emit_test_ri(&b, true, X64_R8, 0x12345678); break;
            case 16: x64_emit_imul_rr(&b, true, X64_R8, X64_R9); break;
            case 17: x64_emit_imul_rri(&b, true, X64_R8, X64_R9, 0x12345678); break;
            case 18: x64_emit_mul_r(&b, true, X64_R8); break;
            case 19: x64_emit_imul_r(&b, true, X64_R8); break;
            case 20: x64_emit_neg(&b, true, X64_R8); break;
            case 21: x64_emit_not(&b, true, X64_R8); break;
            case 22: x64_emit_shift_cl(&b, X64_SHL, true, X64_R8); break;
            case 23: x64_emit_shift_ri(&b, X64_SHL, true, X64_R8, 3); break;
            case 24: x64_emit_movzx(&b, 1, true, X64_R8, X64_RSI); break;
            case 25: x64_emit_movsx(&b, 2, true, X64_R8, X64_R9); break;
            case 26: x64_emit_movsxd(&b, X64_R8, X64_R9); break;
            case 27: x64_emit_bswap(&b, true, X64_R8); break;
            case 28: x64_emit_rol16_8(&b, X64_R8); break;
            case 29: x64_emit_bsr(&b, true, X64_R8, X64_R9); break;
            case 30: x64_emit_setcc(&b, X64_CC_E, X64_RSI); break;
            case 31: x64_emit_cmovcc(&b, X64_CC_E, true, X64_R8, X64_R9); break;
            case 32: ret = x64_emit_jmp(&b, buf); break;
            case 33: ret = x64_emit_jcc(&b, X64_CC_E, buf); break;
            case 34: ret = x64_emit_call(&b, buf); break;
            case 35: x64_emit_call_r(&b, X64_R8); break;
            case 36: x64_emit_jmp_r(&b, X64_R8); break;
            case 37: x64_emit_jmp_m(&b, m); break;
            case 38: x64_emit_ret(&b); break;
            case 39: x64_emit_push(&b, X64_R8); break;
            case 40: x64_emit_pop(&b, X64_R8); break;
            case 41: x64_emit_nops(&b, 1); break;
            case 42: x64_emit_load(&b, 8, false, true, X64_R8, m); break;
            case 43: x64_emit_store(&b, 1, X64_RSI, m); break;
            case 44: x64_emit_store_imm(&b, 1, 1, m); break;
            case 45: x64_emit_store_imm(&b, 4, 1, m); break;
            case 46: x64_emit_load(&b, 4, true, true, X64_R8, m); break;
            case 47: x64_emit_mov_ri(&b, X64_R8, 0); break;
            default: x64_emit_nops(&b, 9); break;
            }
            if (slack == 15) {
                if (!b.overflow || b.p != b.end - slack) {
                    print_error("case %d: overflow not detected\n", k);
                    c->fails++;
                }
                for (size_t i = 0; i < sizeof buf; i++)
                    if (buf[i] != 0xaa) {
                        print_error("case %d: wrote byte %zu on overflow\n", k, i);
                        c->fails++;
                        break;
                    }
                if (k >= 32 && k <= 34 && ret != b.start) {
                    print_error("case %d: branch on overflow did not return b->start\n", k);
                    c->fails++;
                }
            } else if (b.overflow || b.p == b.end - slack) {
                print_error("case %d: failed with exactly 16 bytes left\n", k);
                c->fails++;
            }
        }
    }
    /* Overflow is sticky across later calls and nops longer than the
     * space left write nothing. */
    uint8_t buf[40];
    struct x64_buf b;
    memset(buf, 0xaa, sizeof buf);
    x64_buf_init(&b, buf, buf + sizeof buf);
    x64_emit_nops(&b, 30);
    assert_false(b.overflow);
    x64_emit_nops(&b, 10);
    assert_true(b.overflow);
    assert_int_equal(b.p - buf, 30);
    assert_int_equal(buf[30], 0xaa);
    x64_emit_ret(&b);
    assert_true(b.overflow);
    assert_int_equal(b.p - buf, 30);
    x64_buf_init(&b, buf, buf + 8);
    x64_emit_ret(&b);
    assert_true(b.overflow);
    assert_ptr_equal(b.p, buf);
    finish(c);
}

static int group_setup(void **state)
{
    static struct ctx ctx;
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &ctx.cs) != CS_ERR_OK)
        return -1;
    cs_option(ctx.cs, CS_OPT_SYNTAX, CS_OPT_SYNTAX_INTEL);
    *state = &ctx;
    return 0;
}

static int group_teardown(void **state)
{
    struct ctx *c = *state;
    cs_close(&c->cs);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_u8_u32),
        cmocka_unit_test(test_mov_rr),
        cmocka_unit_test(test_mov_ri),
        cmocka_unit_test(test_load_all_regs),
        cmocka_unit_test(test_store_all_regs),
        cmocka_unit_test(test_special_bases),
        cmocka_unit_test(test_scales_and_lea),
        cmocka_unit_test(test_store_imm),
        cmocka_unit_test(test_alu_rr),
        cmocka_unit_test(test_alu_ri),
        cmocka_unit_test(test_alu_mem),
        cmocka_unit_test(test_cmp_m8_i),
        cmocka_unit_test(test_test),
        cmocka_unit_test(test_mul),
        cmocka_unit_test(test_neg_not),
        cmocka_unit_test(test_shifts),
        cmocka_unit_test(test_extend),
        cmocka_unit_test(test_bswap_rol16_bsr),
        cmocka_unit_test(test_setcc_cmovcc),
        cmocka_unit_test(test_branches),
        cmocka_unit_test(test_patch_rel32),
        cmocka_unit_test(test_rel32_ok),
        cmocka_unit_test(test_indirect),
        cmocka_unit_test(test_push_pop_ret),
        cmocka_unit_test(test_nops),
        cmocka_unit_test(test_atomics),
        cmocka_unit_test(test_overflow),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
