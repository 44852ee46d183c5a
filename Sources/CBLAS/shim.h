#ifndef RECKON_CBLAS_SHIM_H
#define RECKON_CBLAS_SHIM_H
// OpenBLAS's own cblas.h: it declares openblas_get_corename, openblas_set_num_threads and friends,
// which netlib's cblas.h lacks.
#include <cblas.h>
#endif
