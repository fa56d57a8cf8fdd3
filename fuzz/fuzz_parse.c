/* fuzz_parse.c — libFuzzer target: any bytes given to the scenario parser either parse or give a
 * FILE:LINE:COL message; never a crash, a hang or a leak. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    scn s;
    sl_err err = {0};
    if (scn_parse("fuzz.scn", (const char *)data, size, &s, &err)) {
        scn s2;
        if (scn_copy(&s2, &s, &err))
            scn_free(&s2);
        scn_free(&s);
    } else if (strstr(err.msg, "fuzz.scn") != err.msg) {
        __builtin_trap();   /* every parse error names the file first */
    }
    return 0;
}
