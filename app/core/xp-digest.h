/* xp-digest.h — the canonical digest of a project's data (DESIGN.md,
 * "Integrity")
 *
 * The digest is the lowercase hex SHA-256 of the following UTF-8 text.
 * It depends only on the data, never on how the project file is
 * formatted: key order, whitespace and number spelling (4.50 vs 4.5)
 * do not change it.
 *
 * Every record is one line: fields separated by one TAB (0x09), the line
 * ended by one LF (0x0a).  Text fields are escaped so that they cannot
 * contain the separators: "\" becomes "\\", TAB "\t", LF "\n", CR "\r".
 * A missing text field (NULL) is written as the empty string.  "Sorted"
 * always means plain byte order (strcmp) of the UTF-8 text.
 *
 *   xingping-digest	1
 *   criteria	SHA256
 *       SHA256: the criteria XML's sha256 (xp_criteria_get_sha256).
 *   branch	ID	NAME	ENTERPRISE	CATEGORY	MEMBERS
 *       one per branch, sorted by ID; MEMBERS is a decimal integer, or
 *       empty when unknown.  Directly after each branch line, one line
 *   veto	ID	VETO
 *       per veto recorded on that branch, sorted by VETO.
 *   score	BRANCH	EVALUATOR	ITEM	VALUE
 *       one per score that is set (branches × evaluators × criteria
 *       items, through xp_project_get_score), VALUE in the shortest
 *       exact decimal form of xp_dec_to_buf ("4.5", "3", "0.25"); all
 *       score lines sorted as whole lines (escaped text).
 *   evaluator	ID	NAME	ROLE
 *       one per evaluator, sorted by ID; ROLE as xp_role_to_string.
 *
 * The sections come in that order: header, criteria, branches (each with
 * its vetoes), scores, evaluators.  Not part of the digest: the title,
 * notes, and the branch facts secretary, founded and previous-stars.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xp-project.h"

G_BEGIN_DECLS

#define XP_DIGEST_VERSION 1

/* The canonical serialisation described above (caller frees). */
char *xp_project_canonical_text   (XpProject *project);

/* 64 lowercase hex digits (caller frees). */
char *xp_project_compute_digest   (XpProject *project);

G_END_DECLS
