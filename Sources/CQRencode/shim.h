#ifndef REELSHOP_CQRENCODE_SHIM_H
#define REELSHOP_CQRENCODE_SHIM_H

/* libqrencode (Debian libqrencode-dev) for the link screen's QR code of
 * verification_uri_complete. Only QRcode_encodeString and QRcode_free are used. */
#include <qrencode.h>

#endif
