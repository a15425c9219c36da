/* lib/vbd_number: each form of the VBD interface's numbers, and refusals. */
#include "lib/errno.h"
#include "lib/vbd_number.h"
#include "tests/unit/check.h"

TEST(vbd_number_forms)
{
	static const struct {
		uint32_t number;
		unsigned disk, partition;
	} ok[] = {
		{ 51712, 0, 0 },		       /* xvda */
		{ 51713, 0, 1 },		       /* xvda1 */
		{ 202 << 8 | 15 << 4 | 15, 15, 15 },   /* xvdp15 */
		{ 1u << 28 | 536 << 8 | 37, 536, 37 }, /* xvdtq37 */
		{ 768, 0, 0 },			       /* hda */
		{ 832, 1, 0 },			       /* hdb */
		{ 5632, 2, 0 },			       /* hdc */
		{ 5696 + 2, 3, 2 },		       /* hdd2 */
		{ 2048 + 19, 1, 3 },		       /* sdb3 */
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		unsigned disk = 99, part = 99;

		CHECK_INT(vbd_number_decode(ok[i].number, &disk, &part), 0);
		CHECK_INT(disk, ok[i].disk);
		CHECK_INT(part, ok[i].partition);
	}
}

TEST(vbd_number_refusals)
{
	static const uint32_t bad[] = {
		0, 1, 3 << 8 | 0x80, 33 << 8, 2u << 28, 0xffffffff, 1 << 16
	};
	unsigned disk, part;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_INT(vbd_number_decode(bad[i], &disk, &part), -EINVAL);
}
