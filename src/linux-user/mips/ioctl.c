/* The MIPS terminal ioctls, the same for o32 and n64: the request numbers
 * of arch/mips/include/uapi/asm/ioctls.h (MIPS's _IOC puts the direction
 * bits elsewhere, and the plain numbers are its own), and the kernel's
 * MIPS struct termios (asm/termbits.h): no speed fields, 23 control
 * characters of which VMIN, VEOF, VEOL and VEOL2 sit in other slots, and
 * IEXTEN, FLUSHO and TOSTOP on other bits of c_lflag. The other flag bits
 * are the generic ones. */
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>

#include "linux-user/abi.h"
#include "linux-user/mips/signal.h"
#include "linux-user/mips/target.h"
#include "linux-user/sys.h"

/* Every request the common ioctl knows, by its MIPS number. */
static const struct {
    uint32_t mips, generic;
} ioctl_numbers[] = {
    { 0x540d, TCGETS }, { 0x540e, TCSETS }, { 0x540f, TCSETSW }, { 0x5410, TCSETSF },
    { 0x5405, TCSBRK }, { 0x5406, TCXONC }, { 0x5407, TCFLSH }, { 0x5486, TCSBRKP },
    { 0x40087468, TIOCGWINSZ }, { 0x80087467, TIOCSWINSZ }, { 0x5480, TIOCSCTTY },
    { 0x5471, TIOCNOTTY }, { 0x740d, TIOCEXCL }, { 0x740e, TIOCNXCL }, { 0x5437, TIOCVHANGUP },
    { 0x6601, FIOCLEX }, { 0x6602, FIONCLEX }, { 0x20005441, TIOCGPTPEER },
    { 0x40047477, TIOCGPGRP }, { 0x80047476, TIOCSPGRP }, { 0x7416, TIOCGSID },
    { 0x40045430, TIOCGPTN }, { 0x80045431, TIOCSPTLCK }, { 0x40045439, TIOCGPTLCK },
    { 0x40045438, TIOCGPKT }, { 0x40045440, TIOCGEXCL }, { 0x5470, TIOCPKT },
    { 0x467f, FIONREAD }, { 0x7472, TIOCOUTQ }, { 0x7400, TIOCGETD }, { 0x7401, TIOCSETD },
    { 0x667e, FIONBIO }, { 0x667d, FIOASYNC },
};

/* No request has this number. */
#define IOCTL_NONE 0xffffffffu

uint32_t lu_mips_ioctl_to_generic(uint32_t req)
{
    for (size_t i = 0; i < sizeof(ioctl_numbers) / sizeof(ioctl_numbers[0]); i++)
        if (ioctl_numbers[i].mips == req)
            return ioctl_numbers[i].generic;
    /* Another MIPS request goes on as it is, to be refused and logged,
     * unless it would pass for a generic one: MIPS's TCGETA (0x5401) is
     * the generic TCGETS. */
    return lu_ioctl_known(req) ? IOCTL_NONE : req;
}

#define MIPS_NCCS 23
#define NO_SLOT 0xff
#define TERMIOS_SIZE (16 + 1 + MIPS_NCCS)

/* The generic slot of each MIPS control character; VDSUSP (11) and the
 * last five have none and read as 0, as in a fresh MIPS tty. */
static const uint8_t cc_generic_slot[MIPS_NCCS] = {
    0, 1, 2, 3, 6 /* VMIN */, 5, 16 /* VEOL2 */, 7, 8, 9, 10, NO_SLOT /* VDSUSP */, 12, 13, 14, 15,
    4 /* VEOF */, 11 /* VEOL */, NO_SLOT, NO_SLOT, NO_SLOT, NO_SLOT, NO_SLOT,
};

/* c_lflag: IEXTEN, FLUSHO and TOSTOP, MIPS value then generic. */
static const struct {
    uint32_t mips, generic;
} lflag_moved[] = { { 0x100, 0x8000 }, { 0x2000, 0x1000 }, { 0x8000, 0x100 } };
#define LFLAG_MOVED (0x100u | 0x1000u | 0x2000u | 0x8000u)

static uint32_t lflag_convert(uint32_t v, bool to_generic)
{
    uint32_t out = v & ~LFLAG_MOVED;
    for (size_t i = 0; i < sizeof(lflag_moved) / sizeof(lflag_moved[0]); i++)
        if (v & (to_generic ? lflag_moved[i].mips : lflag_moved[i].generic))
            out |= to_generic ? lflag_moved[i].generic : lflag_moved[i].mips;
    return out;
}

int64_t lu_mips_get_termios(struct lu_process *p, lu_addr addr, struct lu_termios *t)
{
    uint8_t g[TERMIOS_SIZE];
    bool be = p->target->big_endian;
    if (lu_copy_from(p, g, addr, sizeof(g)) != 0)
        return -EFAULT;
    memset(t, 0, sizeof(*t));
    t->iflag = lu_mips_get32(g, be);
    t->oflag = lu_mips_get32(g + 4, be);
    t->cflag = lu_mips_get32(g + 8, be);
    t->lflag = lflag_convert(lu_mips_get32(g + 12, be), true);
    t->line = g[16];
    for (unsigned i = 0; i < MIPS_NCCS; i++)
        if (cc_generic_slot[i] != NO_SLOT)
            t->cc[cc_generic_slot[i]] = g[17 + i];
    return 0;
}

int64_t lu_mips_put_termios(struct lu_process *p, lu_addr addr, const struct lu_termios *t)
{
    uint8_t g[TERMIOS_SIZE] = { 0 };
    bool be = p->target->big_endian;
    lu_mips_put32(g, be, t->iflag);
    lu_mips_put32(g + 4, be, t->oflag);
    lu_mips_put32(g + 8, be, t->cflag);
    lu_mips_put32(g + 12, be, lflag_convert(t->lflag, false));
    g[16] = t->line;
    for (unsigned i = 0; i < MIPS_NCCS; i++)
        if (cc_generic_slot[i] != NO_SLOT)
            g[17 + i] = t->cc[cc_generic_slot[i]];
    return lu_copy_to(p, addr, g, sizeof(g));
}
