/* Guest symbol lookup for logs (translate/symtab.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "symtab.h"

static const char *describe(struct symtab *t, uint64_t addr)
{
    static _Thread_local char buf[64];
    symtab_describe(t, addr, buf, sizeof(buf));
    return buf;
}

static void test_describe(void **state)
{
    (void)state;
    struct symtab t;
    symtab_init(&t);
    /* Added out of order: lookups sort. */
    symtab_add(&t, 0x2000, 0x40, "memcpy");
    symtab_add(&t, 0x1000, 0x100, "main");
    symtab_add(&t, 0x1000, 0, "main_label");
    symtab_add(&t, 0x3000, 0, "_start");
    assert_string_equal(describe(&t, 0x1000), "main");
    assert_string_equal(describe(&t, 0x10fc), "main+0xfc");
    /* Past a sized symbol's end: no name. */
    assert_string_equal(describe(&t, 0x1100), "");
    assert_false(symtab_describe(&t, 0x1100, (char[8]){ 0 }, 8));
    assert_string_equal(describe(&t, 0x203f), "memcpy+0x3f");
    assert_string_equal(describe(&t, 0x2040), "");
    /* An unsized label reaches up to wherever the next symbol starts. */
    assert_string_equal(describe(&t, 0x3000), "_start");
    assert_string_equal(describe(&t, 0x9000), "_start+0x6000");
    assert_string_equal(describe(&t, 0xfff), "");
    symtab_fini(&t);
}

static void test_empty(void **state)
{
    (void)state;
    struct symtab t;
    char buf[16] = "x";
    symtab_init(&t);
    assert_false(symtab_describe(&t, 0x1000, buf, sizeof(buf)));
    assert_string_equal(buf, "");
    symtab_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_describe),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
