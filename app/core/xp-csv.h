/* xp-csv.h — branch lists from CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xp-project.h"

G_BEGIN_DECLS

/* Reads a CSV with a header row naming id,name,enterprise,category,members
 * (in any order; enterprise and members optional) and adds a branch per
 * row.  All-or-nothing: on error nothing is added and the message names
 * the line and column. */
gboolean xp_csv_import_branches (XpProject   *project,
                                 const char  *data,
                                 gsize        len,
                                 const char  *display_name,
                                 GError     **error);

G_END_DECLS
