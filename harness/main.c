/*
 * mi-conform's entry. The same binary is the driver child each case execs (a fresh process
 * per case, so a crash of the implementation under test is a reported error): with
 * `--driver` as its first argument it hands the whole argv to the case half before anything
 * of the runner runs; with `--probe`, to the preflight child that only loads and initialises
 * the implementation.
 */
#include <string.h>

#include "harness/child_args.h"
#include "harness/compare.h"
#include "harness/conform.h"
#include "harness/inject_run.h"
#include "harness/matrix.h"
#include "harness/runner.h"

int main(int argc, char **argv)
{
    conform_child_mode child = conform_child_mode_of(argc, argv);
    if (child == CONFORM_CHILD_DRIVER) return conform_driver_main(argc, argv);
    if (child == CONFORM_CHILD_PROBE) return conform_driver_probe_main(argc, argv);
    if (argc > 1 && strcmp(argv[1], "compare") == 0)
        return conform_compare_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "matrix") == 0) return conform_matrix_main(argc - 1, argv + 1);
    return conform_runner_main_with(argc, argv, conform_inject_alloc_execute);
}
