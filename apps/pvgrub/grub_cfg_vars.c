/*
 * grub.cfg's variables (see grub_cfg_priv.h): set, unset and looked up in
 * a stack of scopes (an entry's or a submenu's own), the builtins GRUB
 * sets on a Xen PV guest.
 */
#include "apps/pvgrub/grub_cfg_priv.h"

#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

/* ---- variables ------------------------------------------------------------- */

struct var *cfg_find_var(struct parser *p, const char *name)
{
	for (int i = p->scopes.n_vars - 1; i >= 0; i--)
		if (strcmp(p->scopes.vars[i].name, name) == 0)
			return p->scopes.vars[i].unset ? NULL : &p->scopes.vars[i];
	return NULL;
}

const char *cfg_get_var(struct parser *p, const char *name)
{
	struct var *v = cfg_find_var(p, name);
	return v ? p->scopes.values + v->off : NULL;
}

/* The definition of name in the current scope, made when missing. */
static struct var *scope_var(struct parser *p, const char *name)
{
	for (int i = p->scopes.n_vars - 1; i >= 0; i--) {
		if (strcmp(p->scopes.vars[i].name, name) != 0)
			continue;
		if (p->scopes.vars[i].scope == p->scopes.scope)
			return &p->scopes.vars[i];
		break;
	}
	if (p->scopes.n_vars >= CFG_MAX_VARS)
		return NULL;
	struct var *v = &p->scopes.vars[p->scopes.n_vars++];
	memset(v, 0, sizeof(*v));
	memcpy(v->name, name, strlen(name) + 1);
	v->scope = p->scopes.scope;
	v->unset = true;
	return v;
}

bool cfg_set_var(struct parser *p, const char *name, const char *value)
{
	size_t len = strlen(value);
	struct var *v = scope_var(p, name);

	if (!v) {
		menu_warn(p->m, p->cmd.cmd_line, "more than %d variables: %.32s not set",
			  CFG_MAX_VARS, name);
		return false;
	}
	if (v->unset || len > v->cap) {
		if (len + 1 > sizeof(p->scopes.values) - p->scopes.values_used) {
			menu_warn(p->m, p->cmd.cmd_line, "variables exceed %d bytes: %.32s not set",
				  CFG_VAR_BYTES, name);
			return false;
		}
		v->off = (unsigned)p->scopes.values_used;
		v->cap = (unsigned)len;
		p->scopes.values_used += len + 1;
	}
	memcpy(p->scopes.values + v->off, value, len + 1);
	v->unset = false;
	return true;
}

void cfg_unset_var(struct parser *p, const char *name)
{
	if (!cfg_find_var(p, name))
		return;
	struct var *v = scope_var(p, name);
	if (v)
		v->unset = true;
}

/* GRUB 2.06 on Xen PV, as its grub.cfg tests see it. */
void cfg_set_builtins(struct parser *p)
{
	static const char *const features[] = {
		"feature_chainloader_bpb",	"feature_ntldr",
		"feature_platform_search_hint", "feature_default_font_path",
		"feature_all_video_module",	"feature_menuentry_id",
		"feature_menuentry_options",	"feature_200_final",
		"feature_nativedisk_cmd",	"feature_timeout_style",
	};

	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		cfg_set_var(p, features[i], "y");
	cfg_set_var(p, "grub_platform", "xen");
	cfg_set_var(p, "grub_cpu", "x86_64");
}

void cfg_scope_push(struct parser *p, struct scope_mark *mark)
{
	mark->n_vars = p->scopes.n_vars;
	mark->values_used = p->scopes.values_used;
	mark->root = p->root;
	mark->boot = p->boot;
	p->scopes.scope++;
}

void cfg_scope_pop(struct parser *p, const struct scope_mark *mark)
{
	p->scopes.n_vars = mark->n_vars;
	p->scopes.values_used = mark->values_used;
	p->root = mark->root;
	p->boot = mark->boot;
	p->scopes.scope--;
}
