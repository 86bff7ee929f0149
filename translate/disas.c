/* The -d in_asm block printer. */
#include <stdbool.h>
#include <string.h>

#include "disas.h"
#include "ir/ir.h"

/* " <name+off>" when the instruction is a branch whose last operand is an
 * address with a symbol, else "". */
static void branch_target_name(const cs_insn *ci, struct symtab *syms, char *buf, size_t len)
{
    char name[128];
    const char *last = strrchr(ci->op_str, ' ');
    unsigned long long target;
    int used = 0;
    buf[0] = '\0';
    last = last ? last + 1 : ci->op_str;
    if (*last == '#')
        last++;
    if (syms && (ci->mnemonic[0] == 'b' || ci->mnemonic[0] == 'j') &&
        sscanf(last, "0x%llx%n", &target, &used) == 1 && last[used] == '\0' &&
        symtab_describe(syms, target, name, sizeof(name)))
        snprintf(buf, len, " <%s>", name);
}

/* Whether a symbol starts exactly at addr: its name in name. */
static bool symbol_starts(struct symtab *syms, uint64_t addr, char *name, size_t len)
{
    return syms && symtab_describe(syms, addr, name, len) && !strchr(name, '+');
}

static void log_insns(FILE *f, csh cs, const uint8_t *code, size_t len, uint64_t pc, struct symtab *syms, bool first)
{
    char name[128], target[140];
    cs_insn *ci;
    size_t count = cs_disasm(cs, code, len, pc, 0, &ci);
    for (size_t i = 0; i < count; i++) {
        if ((i > 0 || !first) && symbol_starts(syms, ci[i].address, name, sizeof(name)))
            fprintf(f, "%s:\n", name);
        branch_target_name(&ci[i], syms, target, sizeof(target));
        fprintf(f, "  0x%08llx:  %-8s %s%s\n", (unsigned long long)ci[i].address, ci[i].mnemonic,
                ci[i].op_str, target);
    }
    if (count)
        cs_free(ci, count);
}

static void log_header(FILE *f, const char *isa, uint64_t pc, struct symtab *syms)
{
    char where[140] = "", name[128];
    if (syms && symtab_describe(syms, pc, name, sizeof(name)))
        snprintf(where, sizeof(where), " <%s>", name);
    fprintf(f, "IN: %s pc 0x%llx%s\n", isa, (unsigned long long)pc, where);
}

void disas_log_runs(FILE *f, const char *isa, cs_arch arch, cs_mode mode, const struct ir_block *b,
                    disas_fetch_fn fetch, const void *opaque, struct symtab *syms)
{
    struct ir_code_run whole = { b->pc, b->guest_size };
    const struct ir_code_run *runs = b->nruns ? b->runs : &whole;
    uint8_t code[4096];
    csh cs;

    if (cs_open(arch, mode, &cs) != CS_ERR_OK)
        return;
    log_header(f, isa, b->pc, syms);
    for (uint32_t i = 0; i < (b->nruns ? b->nruns : 1); i++) {
        size_t len = runs[i].len < sizeof(code) ? runs[i].len : sizeof(code);
        len = fetch(opaque, runs[i].pc, code, len);
        log_insns(f, cs, code, len, runs[i].pc, syms, i == 0);
    }
    cs_close(&cs);
}
