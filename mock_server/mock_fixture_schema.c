/*
 * The fixture schema compiled into the library, so the server validates fixtures wherever it
 * runs (the harness copies fixtures to temporary directories; the daemon is installed alone).
 * fixtures/fixture.xsd stays the one source: the assembler includes its bytes verbatim.
 * The build runs from the repository root, which is where the path below is resolved; a change
 * to the .xsd needs this object rebuilt (make clean, or touch this file).
 */
#include <stddef.h>

#include "mock_server/mock_int.h"

__asm__(".section .rodata\n"
        ".global mock_fixture_xsd_start\n"
        ".global mock_fixture_xsd_end\n"
        "mock_fixture_xsd_start:\n"
        ".incbin \"fixtures/fixture.xsd\"\n"
        "mock_fixture_xsd_end:\n"
        ".byte 0\n"
        ".previous\n");

extern const char mock_fixture_xsd_start[];
extern const char mock_fixture_xsd_end[];

const char *mock_fixture_schema_text(size_t *len)
{
    *len = (size_t)(mock_fixture_xsd_end - mock_fixture_xsd_start);
    return mock_fixture_xsd_start;
}
