#ifndef RECKON_CLIBCRYPTO_SHIM_H
#define RECKON_CLIBCRYPTO_SHIM_H
// The system's OpenSSL libcrypto (Debian: libssl-dev), for SHA-256 through its EVP digest API.
#include <openssl/evp.h>
#endif
