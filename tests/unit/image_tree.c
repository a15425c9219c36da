/* Source trees of the file system images and reads compared with them
 * (see image_tree.h). */
#include "tests/unit/image_tree.h"

#include "lib/errno.h"
#include "tests/unit/check.h"
#include "tests/unit/disk_image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TREE_MAX 4096

void tree_load(struct image_tree *t, const char *name)
{
	char fn[64], line[1200];
	FILE *f;

	memset(t, 0, sizeof(*t));
	snprintf(fn, sizeof(fn), "%s.src", name);
	f = fopen(image_path(fn), "r");
	if (!f || !fgets(t->src, sizeof(t->src), f)) {
		unit_fail(__FILE__, __LINE__, "no %s", fn);
		if (f)
			fclose(f);
		return;
	}
	fclose(f);
	t->src[strcspn(t->src, "\n")] = '\0';
	snprintf(fn, sizeof(fn), "%s.manifest", name);
	f = fopen(image_path(fn), "r");
	if (!f) {
		unit_fail(__FILE__, __LINE__, "no %s", fn);
		return;
	}
	t->e = calloc(TREE_MAX, sizeof(*t->e));
	while (t->e && t->n < TREE_MAX && fgets(line, sizeof(line), f)) {
		struct tree_entry *e = &t->e[t->n];
		char *p = line, *size, *path, *target;

		line[strcspn(line, "\n")] = '\0';
		size = strchr(p, '\t');
		path = size ? strchr(size + 1, '\t') : NULL;
		target = path ? strchr(path + 1, '\t') : NULL;
		if (!target) {
			unit_fail(__FILE__, __LINE__, "%s: bad line %s", fn, line);
			break;
		}
		*target++ = '\0';
		e->type = *p;
		e->size = atoll(size + 1);
		snprintf(e->path, sizeof(e->path), "%s", path + 1);
		snprintf(e->target, sizeof(e->target), "%s", target);
		t->n++;
	}
	fclose(f);
}

void tree_free(struct image_tree *t)
{
	free(t->e);
	t->e = NULL;
	t->n = 0;
}

const struct tree_entry *tree_find(const struct image_tree *t, const char *path)
{
	for (int i = 0; i < t->n; i++)
		if (strcmp(t->e[i].path, path) == 0)
			return &t->e[i];
	return NULL;
}

uint8_t *tree_file(const struct image_tree *t, const char *path, size_t *len)
{
	char full[1024];

	snprintf(full, sizeof(full), "%s/%s", t->src, path);
	return load_file(image_path(full), len);
}

int tree_children(const struct image_tree *t, const char *dir)
{
	size_t dl = strlen(dir);
	int n = 0;

	for (int i = 0; i < t->n; i++) {
		const char *p = t->e[i].path;
		if (dl && (strncmp(p, dir, dl) != 0 || p[dl] != '/'))
			continue;
		if (strchr(p + (dl ? dl + 1 : 0), '/') == NULL)
			n++;
	}
	return n;
}

bool tree_same_content(tree_read_fn read, void *fs, const void *file, const uint8_t *want,
		       size_t len, size_t piece)
{
	static uint8_t buf[1 << 16];
	size_t off = 0, got;

	if (piece == 0 || piece > sizeof(buf))
		return false;
	while (off < len) {
		size_t n = len - off < piece ? len - off : piece;
		if (read(fs, file, off, buf, n, &got) < 0 || got != n ||
		    memcmp(buf, want + off, n) != 0)
			return false;
		off += n;
	}
	/* Reading at and past the end gives nothing. */
	return read(fs, file, len, buf, 10, &got) == 0 && got == 0;
}

void tree_listed(struct tree_listing *l, const char *name, size_t len, char type)
{
	char path[1024];
	const struct tree_entry *e;

	l->entries++;
	if ((len == 1 && name[0] == '.') || (len == 2 && memcmp(name, "..", 2) == 0)) {
		l->dots++;
		return;
	}
	snprintf(path, sizeof(path), "%s%s%.*s", l->dir, *l->dir ? "/" : "", (int)len, name);
	e = tree_find(l->t, path);
	if (!e || type == '?' || (type && type != e->type)) {
		if (!l->unknown++)
			snprintf(l->first_unknown, sizeof(l->first_unknown), "%s", path);
	}
}

static void check_file(const struct tree_reader *r, const struct image_tree *t,
		       const struct tree_entry *e, const void *file)
{
	size_t len;
	uint8_t *want = tree_file(t, e->path, &len);

	if (r->type(file) != 'f' || r->size(file) != (uint64_t)e->size || !want ||
	    !tree_same_content(r->read, r->fs, file, want, len, 1 << 16) ||
	    !tree_same_content(r->read, r->fs, file, want, len, r->odd_piece))
		unit_fail(__FILE__, __LINE__, "%s: %s: content differs (%s)", r->image, e->path,
			  r->error(r->fs));
	free(want);
}

static void check_dir(const struct tree_reader *r, const struct image_tree *t,
		      const struct tree_entry *e, const void *file)
{
	struct tree_listing l = { .t = t, .dir = e->path };
	int rc = r->type(file) == 'd' ? r->list(r->fs, file, &l) : -ENOTDIR;

	if (rc != 0 || l.dots != 2 || l.unknown || l.entries != tree_children(t, e->path) + 2)
		unit_fail(__FILE__, __LINE__,
			  "%s: %s: listing: %d, %d entries, %d dots, %d unknown (first: %s)",
			  r->image, e->path, rc, l.entries, l.dots, l.unknown, l.first_unknown);
}

static void check_link(const struct tree_reader *r, const struct tree_entry *e, const void *file)
{
	char target[1024] = "";
	int rc = r->type(file) == 'l' && r->readlink
			 ? r->readlink(r->fs, file, target, sizeof(target))
			 : -EINVAL;

	if (rc != 0 || strcmp(target, e->target) != 0)
		unit_fail(__FILE__, __LINE__, "%s: %s: link target: %d (%s)", r->image, e->path, rc,
			  r->error(r->fs));
}

void tree_check_files(const struct tree_reader *r, const struct image_tree *t,
		      struct tree_counts *c)
{
	void *file = malloc(r->file_size);

	memset(c, 0, sizeof(*c));
	if (!file) {
		unit_fail(__FILE__, __LINE__, "%s: out of memory", r->image);
		return;
	}
	for (int i = 0; i < t->n; i++) {
		const struct tree_entry *e = &t->e[i];
		int rc = r->lookup(r->fs, e->path, file);

		if (rc < 0) {
			unit_fail(__FILE__, __LINE__, "%s: %s: %d %s", r->image, e->path, rc,
				  r->error(r->fs));
			continue;
		}
		switch (e->type) {
		case 'f':
			c->files++;
			check_file(r, t, e, file);
			break;
		case 'd':
			c->dirs++;
			check_dir(r, t, e, file);
			break;
		case 'l':
			c->links++;
			check_link(r, e, file);
			break;
		default:
			unit_fail(__FILE__, __LINE__, "%s: %s: type %c", r->image, e->path,
				  e->type);
		}
	}
	free(file);
}
