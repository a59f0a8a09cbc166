/* fuzz-project.c — libFuzzer target: the project loader (JSON + the
 * embedded criteria) and, for what loads, save and rank
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "xp-project.h"
#include "xp-ranking.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(XpProject) project = NULL;
  g_autoptr(GError) error = NULL;

  project = xp_project_new_from_bytes (bytes, "fuzz.xingping", &error);
  if (project != NULL)
    {
      g_autoptr(XpRanking) ranking = xp_ranking_new (project);
      g_autofree char *json = xp_ranking_to_json (ranking, NULL);

      g_assert_nonnull (json);
      g_autoptr(GBytes) saved = xp_project_to_bytes (project);
      g_autoptr(XpProject) again = xp_project_new_from_bytes (saved, "again", NULL);

      /* What loads must save to something that loads. */
      g_assert_nonnull (again);
    }
  else
    g_assert_nonnull (error);
  return 0;
}
