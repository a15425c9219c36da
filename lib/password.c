/*
 * MD5-crypt password checks over libxcrypt's crypt_rn(): the stored hash
 * is the setting, and the typed password matches when hashing it with
 * that setting gives the stored hash back.
 */
#include "lib/password.h"

#include "lib/errno.h"

#include <crypt.h>
#include <string.h>

#define MD5_PREFIX   "$1$"
#define MD5_SALT_MAX 8
#define MD5_HASH_LEN 22

static struct crypt_data work;
static char phrase[CRYPT_MAX_PASSPHRASE_SIZE];

static bool is_hash_char(char c)
{
	return c == '.' || c == '/' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	       (c >= 'a' && c <= 'z');
}

bool password_md5_hash_valid(const char *hash)
{
	size_t prefix = strlen(MD5_PREFIX), salt = 0, i;

	if (!hash || strncmp(hash, MD5_PREFIX, prefix) != 0)
		return false;
	hash += prefix;
	while (hash[salt] && hash[salt] != '$' && hash[salt] != ':' && hash[salt] != '\n')
		salt++;
	if (salt > MD5_SALT_MAX || hash[salt] != '$')
		return false;
	hash += salt + 1;
	for (i = 0; i < MD5_HASH_LEN; i++)
		if (!is_hash_char(hash[i]))
			return false;
	return hash[i] == '\0';
}

static void wipe(void)
{
	/* volatile: the stores must happen although nothing reads them. */
	volatile char *w = (volatile char *)&work, *p = phrase;
	for (size_t i = 0; i < sizeof(work); i++)
		w[i] = 0;
	for (size_t i = 0; i < sizeof(phrase); i++)
		p[i] = 0;
}

int password_md5_matches(const char *hash, const char *typed, size_t len)
{
	if (!password_md5_hash_valid(hash))
		return -EINVAL;
	/* A password with a NUL byte is not the one hashed (crypt_rn reads a
	 * C string), nor one longer than libxcrypt hashes. */
	if (len >= sizeof(phrase) || memchr(typed, '\0', len))
		return 0;
	memcpy(phrase, typed, len);
	phrase[len] = '\0';
	const char *out = crypt_rn(phrase, hash, &work, (int)sizeof(work));
	int r;
	if (!out || out[0] == '*') {
		r = -EIO; /* libxcrypt refused a hash of the right shape */
	} else {
		/* Every byte compared, whatever the first difference. */
		size_t n = strlen(hash);
		unsigned diff = strlen(out) != n;
		for (size_t i = 0; i < n && out[i]; i++)
			diff |= (unsigned char)(out[i] ^ hash[i]);
		r = diff == 0;
	}
	wipe();
	return r;
}
