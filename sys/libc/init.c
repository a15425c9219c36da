/*
 * The _init() and _fini() hooks that newlib's __libc_init_array() and
 * __libc_fini_array() call before the .init_array constructors and after
 * the .fini_array destructors (the crti/crtn pair of other systems). The
 * kernel has nothing to run there: constructors and destructors live only
 * in .init_array and .fini_array (arch/x86_64/kernel.lds).
 */
void _init(void);
void _fini(void);

void _init(void)
{
}

void _fini(void)
{
}
