/* xp-text.h — a text given in several languages (label, title, guidance)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xp-types.h"

G_BEGIN_DECLS

typedef struct _XpText XpText;

XpText     *xp_text_new          (void);
void        xp_text_free         (XpText     *text);
/* @lang NULL or "" is the default (no xml:lang).  Replaces an earlier
 * text for the same language. */
void        xp_text_set          (XpText     *text,
                                  const char *lang,
                                  const char *value);
/* The text for @lang: exact match, then the language without territory
 * ("zh" for "zh_CN"), then the default, then any.  @lang NULL: default. */
const char *xp_text_get          (const XpText *text,
                                  const char   *lang);
/* The text for the user's locale (g_get_language_names ()). */
const char *xp_text_get_for_user (const XpText *text);
gboolean    xp_text_is_empty     (const XpText *text);
/* Whether @value equals the text in any language, ignoring case. */
gboolean    xp_text_matches      (const XpText *text,
                                  const char   *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XpText, xp_text_free)

G_END_DECLS
