/* lib/password: MD5-crypt checks through libxcrypt. The hashes are
 * `openssl passwd -1 -salt SALT PASSWORD`'s (another implementation). */
#include "lib/errno.h"
#include "lib/password.h"
#include "tests/unit/check.h"

#include <string.h>

static int matches(const char *hash, const char *typed)
{
	return password_md5_matches(hash, typed, strlen(typed));
}

TEST(password_md5_matches_openssl_hashes)
{
	CHECK_INT(matches("$1$Pv6rUbXy$qtv0fSrbly0E7qob8xx3S1", "letmein"), 1);
	CHECK_INT(matches("$1$ab$uCzd2IA9Rb.P73vs8WgwD1", "s3cret"), 1);
	CHECK_INT(matches("$1$$B5ioctsLmp9rs5O3yyJa/0", "empty"), 1);
	CHECK_INT(matches("$1$12345678$xek.CpjQUVgdf/P2N9KQf/", ""), 1);
}

TEST(password_md5_refuses_other_passwords)
{
	CHECK_INT(matches("$1$Pv6rUbXy$qtv0fSrbly0E7qob8xx3S1", "letmeim"), 0);
	CHECK_INT(matches("$1$Pv6rUbXy$qtv0fSrbly0E7qob8xx3S1", "letmein "), 0);
	CHECK_INT(matches("$1$Pv6rUbXy$qtv0fSrbly0E7qob8xx3S1", ""), 0);
	/* The hash itself is not the password. */
	CHECK_INT(matches("$1$ab$uCzd2IA9Rb.P73vs8WgwD1", "$1$ab$uCzd2IA9Rb.P73vs8WgwD1"), 0);
	/* Nor is the password with a NUL byte after it. */
	CHECK_INT(password_md5_matches("$1$ab$uCzd2IA9Rb.P73vs8WgwD1", "s3cret\0x", 8), 0);
	/* A hash differing in its last character. */
	CHECK_INT(matches("$1$ab$uCzd2IA9Rb.P73vs8WgwD2", "s3cret"), 0);
}

TEST(password_md5_hash_shapes)
{
	CHECK(password_md5_hash_valid("$1$ab$uCzd2IA9Rb.P73vs8WgwD1"));
	CHECK(password_md5_hash_valid("$1$$B5ioctsLmp9rs5O3yyJa/0"));
	CHECK(!password_md5_hash_valid(NULL));
	CHECK(!password_md5_hash_valid(""));
	CHECK(!password_md5_hash_valid("$1$abc$def"));				/* short hash */
	CHECK(!password_md5_hash_valid("$1$ab$uCzd2IA9Rb.P73vs8WgwD1x"));	/* long hash */
	CHECK(!password_md5_hash_valid("$1$ab$uCzd2IA9Rb.P73vs8Wgw-1"));	/* '-' */
	CHECK(!password_md5_hash_valid("$1$123456789$xek.CpjQUVgdf/P2N9KQf/")); /* 9 salt */
	CHECK(!password_md5_hash_valid("$1$a:b$uCzd2IA9Rb.P73vs8WgwD1"));
	CHECK(!password_md5_hash_valid("$5$ab$uCzd2IA9Rb.P73vs8WgwD1"));
	CHECK(!password_md5_hash_valid("$1$ab"));
	CHECK_INT(matches("$1$abc$def", "x"), -EINVAL);
	CHECK_INT(matches("plain", "plain"), -EINVAL);
}

TEST(password_md5_long_typed_password)
{
	static char typed[2000];
	memset(typed, 'a', sizeof(typed) - 1);
	/* Longer than libxcrypt hashes (511 bytes): wrong, not an error. */
	CHECK_INT(matches("$1$ab$uCzd2IA9Rb.P73vs8WgwD1", typed), 0);
	typed[512] = '\0';
	CHECK_INT(matches("$1$ab$uCzd2IA9Rb.P73vs8WgwD1", typed), 0);
	/* A long one: `openssl passwd -1 -salt ab` of 255 'a's (openssl's
	 * own limit is 256). */
	typed[255] = '\0';
	CHECK_INT(matches("$1$ab$dDV.fzmmNNO51LnUU.avA/", typed), 1);
}
