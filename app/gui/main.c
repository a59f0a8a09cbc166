/* main.c — the xingping desktop application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "xp-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(XpApplication) app = NULL;

  setlocale (LC_ALL, "");
  xp_application_init_i18n ();

  app = xp_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
