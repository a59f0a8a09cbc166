/* xp-application.h — the AdwApplication of Xingping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define XP_TYPE_APPLICATION (xp_application_get_type ())

G_DECLARE_FINAL_TYPE (XpApplication, xp_application, XP, APPLICATION, AdwApplication)

XpApplication *xp_application_new          (void);
/* NULL when the schema is not installed (running from the build tree). */
GSettings     *xp_application_get_settings (XpApplication *self);
char          *xp_application_find_data_file (const char  *relative_path);
void           xp_application_init_i18n    (void);

G_END_DECLS
