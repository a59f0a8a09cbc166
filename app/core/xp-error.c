/* xp-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-error"

#include "config.h"

#include "xp-types.h"

G_DEFINE_QUARK (xp-error-quark, xp_error)
