/*
 * posix_memalign(), which newlib declares and its aligned_alloc() calls
 * but which its malloc does not define for this target: over newlib's own
 * memalign().
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>

int posix_memalign(void **out, size_t align, size_t size)
{
	void *p;

	if (align < sizeof(void *) || (align & (align - 1)))
		return EINVAL;
	p = memalign(align, size);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}
