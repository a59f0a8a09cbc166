/* xp-welcome-page.h — the start page: open, new, sample, recent files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define XP_TYPE_WELCOME_PAGE (xp_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (XpWelcomePage, xp_welcome_page, XP, WELCOME_PAGE, GtkWidget)

/* Lists the "recent-files" key of @settings (NULL: nothing) and follows
 * its changes.  Each row activates win.open-uri with the file's URI. */
void        xp_welcome_page_set_settings   (XpWelcomePage *self,
                                            GSettings     *settings);
/* The rows shown, newest first (for tests). */
guint       xp_welcome_page_get_n_recent   (XpWelcomePage *self);
const char *xp_welcome_page_get_recent_uri (XpWelcomePage *self,
                                            guint          index);
/* Whether the file of row @index was there when the list was built. */
gboolean    xp_welcome_page_recent_exists  (XpWelcomePage *self,
                                            guint          index);
/* Activates row @index as a click does. */
void        xp_welcome_page_activate_recent (XpWelcomePage *self,
                                             guint          index);

G_END_DECLS
