/*
 * The interactive menu on console 0: menu_ui (the state machine) fed by the
 * console's input and the system clock until it decides what to boot.
 */
#ifndef APPS_PVGRUB_MENU_CONSOLE_H
#define APPS_PVGRUB_MENU_CONSOLE_H

#include "apps/pvgrub/menu.h"
#include "apps/pvgrub/menu_ui.h"

#include <stdbool.h>

/* Shows menu m on console 0 and returns the decision (never NULL); its
 * entry stays valid until the next call. Sleeps between keys and ticks.
 * again: m is the last call's menu and its decision booted nothing (what
 * its password unlocked stays unlocked). */
const struct menu_ui_choice *menu_console_run(const struct menu *m, bool again);

#endif
