/* xp-preferences.h — the Preferences window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* An AdwPreferencesWindow editing @settings (the app's GSettings; NULL
 * when the schema is not installed, and then the rows are insensitive). */
GtkWidget     *xp_preferences_window_new                 (GSettings *settings);
/* The controls, for tests. */
GtkSpinButton *xp_preferences_window_get_autosave_spin   (GtkWidget *window);
GtkEditable   *xp_preferences_window_get_evaluator_entry (GtkWidget *window);

G_END_DECLS
