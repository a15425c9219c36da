/* Source trees of the file system images and reads compared with them
 * (see image_tree.h). */
#include "tests/unit/image_tree.h"

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
