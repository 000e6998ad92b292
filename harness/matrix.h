/*
 * matrix - `mi-conform matrix RUN... --out DIR`: several runs (implementations) on one page,
 * cases x runs, each cell coloured by status and linked to that run's transcript of the case,
 * with passed-per-area totals. Writes DIR/index.html.
 */
#ifndef CONFORM_MATRIX_H
#define CONFORM_MATRIX_H

/* argv[0] is "matrix". Exit 0 written, 2 usage or an unreadable run. */
int conform_matrix_main(int argc, char **argv);

#endif
