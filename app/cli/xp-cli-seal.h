/* xp-cli-seal.h — xingping-cli audit, seal and reopen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each takes the command's argc/argv (argv[0] is the command name) and
 * returns the exit status: 0 success, 1 invalid input, 2 usage. */
int xp_cli_audit  (int argc, char **argv);
int xp_cli_seal   (int argc, char **argv);
int xp_cli_reopen (int argc, char **argv);

G_END_DECLS
