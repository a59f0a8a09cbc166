/* xp-help.h — the user guide (F1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The installed guide for the user's language (help/LANG/xingping/
 * xingping.html), falling back to C; NULL when none is installed.
 * $XINGPING_HELPDIR (a tree laid out like help/ in the source) comes first. */
char *xp_help_find_page (void);

/* Show the guide: through Yelp ("help:xingping") on a desktop that has
 * it, otherwise the HTML page in the default browser (the only way out of
 * a Flatpak sandbox, where Yelp cannot see the app's files). */
void  xp_help_show      (GtkWindow *parent);

G_END_DECLS
