/* fuzz-criteria.c — libFuzzer target: the criteria loader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "xp-criteria.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(XpCriteria) criteria = NULL;
  g_autoptr(GError) error = NULL;

  criteria = xp_criteria_new_from_bytes (bytes, "fuzz.xml", &error);
  g_assert ((criteria == NULL) == (error != NULL));
  return 0;
}
