/* xp-project-private.h — score sheets, shared inside the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xp-project.h"

G_BEGIN_DECLS

/* One evaluator's sheet for one branch: a value per criteria item, in
 * XpCriteria item order (XP_DEC_NONE: unscored), notes by item id and the
 * deductions ticked as the reasons for the scores. */
/* Who entered a score and when; by NULL and at 0: unknown. */
typedef struct {
  char       *by;         /* a GRefString (interned) */
  gint64      at;
} XpScoreMeta;

typedef struct {
  guint        n_values;
  XpDec       *values;
  XpScoreMeta *meta;      /* n_values entries; NULL until one is known */
  GHashTable *notes;      /* item id → note; NULL when none */
  GHashTable *deductions; /* item id → GHashTable (deduction key →
                           * GUINT_TO_POINTER (count > 0)); NULL when none */
} XpSheet;

/* A per="each" deduction may be ticked at most this many times. */
#define XP_DEDUCTION_MAX_COUNT 999

/* NULL when @evaluator_id has no sheet for @branch. */
XpSheet *_xp_branch_get_sheet    (XpBranch   *branch,
                                  const char *evaluator_id);
XpSheet *_xp_branch_ensure_sheet (XpBranch   *branch,
                                  const char *evaluator_id,
                                  guint       n_items);
/* Counts the applicable dimension items scored on @sheet. */
void     _xp_sheet_progress      (XpSheet    *sheet,
                                  XpCriteria *criteria,
                                  const char *category,
                                  guint      *n_scored,
                                  guint      *n_items);

/* Whether PATH (absolute) lies in the Flatpak document portal's folder,
 * where only the chosen file itself can be written: anything created next
 * to it stays a hidden .xdp-* temporary on the host. */
gboolean xp_path_in_document_portal (const char *path);
/* Where a file that belongs next to ABSOLUTE (a document-portal path)
 * lives instead: DATA/xingping/FOLDER/HASH-PREFIXNAMESUFFIX. */
char    *xp_portal_companion_path   (const char *absolute,
                                     const char *folder,
                                     const char *prefix,
                                     const char *suffix);

G_END_DECLS
