/* test_scenario_files.c - scn_check_files(): images, TFTP files, firmware, with temp files */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "lang/scenario.h"
#include "testlib.h"

/**
 * struct env - a temporary tree standing in for the host's files
 * @dir:   the temp directory
 * @paths: firmware paths inside it
 * @code:  OVMF code path storage
 * @vars:  OVMF vars path storage
 * @roms:  ROM directory storage
 * @bios:  SeaBIOS path storage
 */
struct env {
	char dir[64];
	struct scn_paths paths;
	char code[128], vars[128], roms[128], bios[128];
};

/**
 * make_file() - create a file of a given size (sparse)
 * @dir:  directory
 * @name: relative name
 * @size: bytes
 */
static void make_file(const char *dir, const char *name, off_t size)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, size), 0);
	close(fd);
}

/**
 * make_dir() - create a directory under the temp tree
 * @dir:  temp tree
 * @name: relative name
 */
static void make_dir(const char *dir, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_eq(mkdir(path, 0755), 0);
}

/**
 * env_setup() - build the temp tree: firmware, ROMs, TFTP root, images
 * @e: out: the environment
 */
static void env_setup(struct env *e)
{
	snprintf(e->dir, sizeof(e->dir), "/tmp/pxl-scn-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(e->dir));
	make_dir(e->dir, "fw");
	make_dir(e->dir, "rom");
	make_dir(e->dir, "tftp");
	make_file(e->dir, "fw/OVMF_CODE.fd", 4096);
	make_file(e->dir, "fw/OVMF_VARS.fd", 4096);
	make_file(e->dir, "fw/bios-256k.bin", 4096);
	make_file(e->dir, "rom/pxe-e1000.rom", 4096);
	make_file(e->dir, "rom/efi-virtio.rom", 4096);
	make_file(e->dir, "tftp/snponly.efi", 4096);
	make_file(e->dir, "extra.efi", 4096);
	make_file(e->dir, "big.img", 64 << 20);
	make_file(e->dir, "tiny.img", 1 << 20);
	make_file(e->dir, "odd.img", 1000);
	snprintf(e->code, sizeof(e->code), "%s/fw/OVMF_CODE.fd", e->dir);
	snprintf(e->vars, sizeof(e->vars), "%s/fw/OVMF_VARS.fd", e->dir);
	snprintf(e->roms, sizeof(e->roms), "%s/rom", e->dir);
	snprintf(e->bios, sizeof(e->bios), "%s/fw/bios-256k.bin", e->dir);
	e->paths.code[PXL_FW_UEFI] = e->code;
	e->paths.vars[PXL_FW_UEFI] = e->vars;
	e->paths.rom_dir = e->roms;
	e->paths.code[PXL_FW_BIOS] = e->bios;
}

/**
 * env_teardown() - remove the temp tree
 * @e: the environment
 */
static void env_teardown(struct env *e)
{
	static const char *const files[] = {
		"fw/OVMF_CODE.fd", "fw/OVMF_VARS.fd", "fw/bios-256k.bin",
		"rom/pxe-e1000.rom", "rom/efi-virtio.rom", "tftp/snponly.efi",
		"extra.efi", "big.img", "tiny.img", "odd.img", "fw", "rom", "tftp",
	};
	char path[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", e->dir, files[i]);
		remove(path);
	}
	ck_assert_int_eq(rmdir(e->dir), 0);
}

/**
 * check() - parse a scenario (with ${d} = the temp dir) and check its files
 * @e:     environment
 * @body:  lines after "scenario t" (clients, servers)
 * @d:     out: diagnostics of the file check
 *
 * Return: what scn_check_files() returned.
 */
static int check(struct env *e, const char *body, struct scn_diag *d)
{
	struct scn_vars v = { 0 };
	struct scn_list list;
	struct scn_diag pd;
	char *text;
	int rc;

	ck_assert_int_ge(asprintf(&text, "scenario t\n%s\nstage 1 \"s\"\n expect console x\n",
				  body), 0);
	ck_assert_int_eq(scn_vars_set(&v, "d", e->dir), 0);
	scn_diag_init(&pd);
	ck_assert_int_eq(scn_parse_buffer("t.scn", text, strlen(text), &v, &list, &pd), 0);
	scn_diag_free(&pd);
	scn_diag_init(d);
	rc = scn_check_files(list.s[0], &e->paths, d);
	scn_list_free(&list);
	scn_vars_free(&v);
	free(text);
	return rc;
}

/**
 * msg() - message @i formatted, with the temp dir replaced by "$D"
 * @e:   environment
 * @d:   diagnostics
 * @i:   index
 * @buf: out
 * @len: size of @buf
 *
 * Return: @buf.
 */
static const char *msg(const struct env *e, const struct scn_diag *d, size_t i,
		       char *buf, size_t len)
{
	char raw[1024], *p;
	size_t dl = strlen(e->dir), o = 0;

	ck_assert_uint_lt(i, d->n);
	scn_msg_format(&d->msg[i], raw, sizeof(raw));
	for (p = raw; *p && o + 3 < len;) {
		if (!strncmp(p, e->dir, dl)) {
			buf[o++] = '$';
			buf[o++] = 'D';
			p += dl;
		} else {
			buf[o++] = *p++;
		}
	}
	buf[o] = 0;
	return buf;
}

static const char servers[] =
	"dhcp builtin\n pool 10.0.2.10 - 10.0.2.20\n"
	" when arch 7 file snponly.efi\n when arch 0 file extra.efi\n"
	" when arch 6 file \"http://10.0.2.2/boot.ipxe\"\n otherwise file /snponly.efi\n"
	"tftp builtin root ${d}/tftp\n serve extra.efi ${d}/extra.efi\n"
	"iscsi builtin target iqn.2026-11.org.x:y image ${d}/big.img\n";

START_TEST(test_all_present)
{
	struct env e;
	struct scn_diag d;
	char *body;

	env_setup(&e);
	ck_assert_int_ge(asprintf(&body, "%sclient pc1\nclient pc2 firmware bios nic e1000\n"
				  "client pc3 pxe ipxe-rom\n", servers), 0);
	ck_assert_int_eq(check(&e, body, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	scn_diag_free(&d);
	free(body);
	env_teardown(&e);
}
END_TEST

START_TEST(test_missing_firmware)
{
	struct env e;
	struct scn_diag d;
	char buf[512];

	env_setup(&e);
	e.paths.code[PXL_FW_UEFI] = "/nonexistent/OVMF_CODE.fd";
	ck_assert_int_eq(check(&e, "client pc1\nclient pc2 firmware bios nic rtl8139\n"
			       "client pc3 nic e1000 pxe ipxe-rom", &d), -ENOENT);
	ck_assert_uint_eq(d.errors, 4);
	ck_assert_str_eq(msg(&e, &d, 0, buf, sizeof(buf)),
			 "t.scn:2:1: client 'pc1' needs the UEFI firmware '/nonexistent/OVMF_CODE.fd': No such file or directory (install the Debian package 'ovmf')");
	ck_assert_str_eq(msg(&e, &d, 1, buf, sizeof(buf)),
			 "t.scn:3:1: client 'pc2' needs the rtl8139 NIC ROM '$D/rom/pxe-rtl8139.rom': No such file or directory (install the Debian package 'ipxe-qemu')");
	ck_assert_str_eq(msg(&e, &d, 2, buf, sizeof(buf)),
			 "t.scn:4:1: client 'pc3' needs the UEFI firmware '/nonexistent/OVMF_CODE.fd': No such file or directory (install the Debian package 'ovmf')");
	ck_assert_str_eq(msg(&e, &d, 3, buf, sizeof(buf)),
			 "t.scn:4:1: client 'pc3' needs the e1000 NIC ROM '$D/rom/efi-e1000.rom': No such file or directory (install the Debian package 'ipxe-qemu')");
	scn_diag_free(&d);
	env_teardown(&e);
}
END_TEST

START_TEST(test_client_rom_paths)
{
	struct scn_client c = { .fw = SCN_FW_UEFI, .pxe = SCN_PXE_NATIVE,
				.nic = "virtio-net", .nic_model = pxl_nic_find("virtio-net") };
	struct scn_paths p;
	char buf[128], tiny[8];

	scn_paths_default(&p);
	ck_assert_str_eq(p.code[PXL_FW_UEFI], "/usr/share/OVMF/OVMF_CODE.fd");
	ck_assert_str_eq(p.vars[PXL_FW_UEFI], "/usr/share/OVMF/OVMF_VARS.fd");
	ck_assert_str_eq(p.code[PXL_FW_BIOS], "/usr/share/seabios/bios-256k.bin");
	ck_assert_ptr_null(p.vars[PXL_FW_BIOS]);
	ck_assert_int_eq(scn_client_rom(NULL, &c, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
	c.pxe = SCN_PXE_IPXE_ROM;
	ck_assert_int_eq(scn_client_rom(&p, &c, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/usr/lib/ipxe/qemu/efi-virtio.rom");
	c.fw = SCN_FW_BIOS;
	ck_assert_int_eq(scn_client_rom(&p, &c, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/usr/lib/ipxe/qemu/pxe-virtio.rom");
	ck_assert_int_eq(scn_client_rom(&p, &c, tiny, sizeof(tiny)), -ENAMETOOLONG);
}
END_TEST

START_TEST(test_images)
{
	struct env e;
	struct scn_diag d;
	char buf[512];

	env_setup(&e);
	ck_assert_int_eq(check(&e, "iscsi builtin target iqn.2026-11.org.x:a image ${d}/tiny.img\n"
			       "iscsi builtin target iqn.2026-11.org.x:b image ${d}/odd.img\n"
			       "iscsi builtin target iqn.2026-11.org.x:c image vm-images/out/nope.img\n"
			       "iscsi builtin target iqn.2026-11.org.x:d image ${d}/fw\n"
			       "client pc1 firmware bios nic e1000", &d), -ENOENT);
	ck_assert_uint_eq(d.errors, 4);
	ck_assert_str_eq(msg(&e, &d, 0, buf, sizeof(buf)),
			 "t.scn:2:1: iscsi image '$D/tiny.img' is 1048576 bytes; bios client 'pc1' needs at least 16 MiB (iPXE's INT13 sanboot fails on tiny disks)");
	ck_assert_str_eq(msg(&e, &d, 1, buf, sizeof(buf)),
			 "t.scn:3:1: iscsi image '$D/odd.img' is 1000 bytes: expected a non-zero multiple of 512");
	ck_assert_str_eq(msg(&e, &d, 2, buf, sizeof(buf)),
			 "t.scn:4:1: iscsi image 'vm-images/out/nope.img': No such file or directory (build it with 'make vm-images')");
	ck_assert_str_eq(msg(&e, &d, 3, buf, sizeof(buf)),
			 "t.scn:5:1: iscsi image '$D/fw': not a regular file");
	scn_diag_free(&d);
	/* the same tiny disk is fine for a UEFI client */
	ck_assert_int_eq(check(&e, "iscsi builtin target iqn.2026-11.org.x:a image ${d}/tiny.img\n"
			       "client pc1", &d), 0);
	scn_diag_free(&d);
	env_teardown(&e);
}
END_TEST

START_TEST(test_boot_files)
{
	struct env e;
	struct scn_diag d;
	char buf[512];

	env_setup(&e);
	ck_assert_int_eq(check(&e, "dhcp builtin\n pool 10.0.2.10 - 10.0.2.20\n"
			       " when arch 7 file snponly.efi\n when arch 0 file undionly.kpxe\n"
			       " otherwise file ../../etc/passwd\n"
			       "tftp builtin root ${d}/tftp\nclient pc1", &d), -ENOENT);
	ck_assert_uint_eq(d.errors, 2);
	ck_assert_str_eq(msg(&e, &d, 0, buf, sizeof(buf)),
			 "t.scn:5:14: boot file 'undionly.kpxe' is neither in the TFTP root '$D/tftp' nor served with 'serve'");
	ck_assert_str_eq(msg(&e, &d, 1, buf, sizeof(buf)),
			 "t.scn:6:12: boot file '../../etc/passwd' escapes the TFTP root");
	scn_diag_free(&d);
	/* an external DHCP server: only a warning */
	ck_assert_int_eq(check(&e, "dhcp dnsmasq\n pool 10.0.2.10 - 10.0.2.20\n otherwise file undionly.kpxe\n"
			       "tftp builtin root ${d}/tftp\nclient pc1", &d), 0);
	ck_assert_uint_eq(d.warnings, 1);
	ck_assert_str_eq(msg(&e, &d, 0, buf, sizeof(buf)),
			 "t.scn:4:12: warning: boot file 'undionly.kpxe' is neither in the TFTP root '$D/tftp' nor served with 'serve'");
	scn_diag_free(&d);
	/* no TFTP server at all: a warning */
	ck_assert_int_eq(check(&e, "dhcp builtin\n pool 10.0.2.10 - 10.0.2.20\n otherwise file x.efi\nclient pc1",
			       &d), 0);
	ck_assert_str_eq(msg(&e, &d, 0, buf, sizeof(buf)),
			 "t.scn:4:12: warning: no tftp server serves boot file 'x.efi'");
	scn_diag_free(&d);
	env_teardown(&e);
}
END_TEST

START_TEST(test_tftp_sources)
{
	struct env e;
	struct scn_diag d;
	char buf[512];

	env_setup(&e);
	ck_assert_int_eq(check(&e, "dhcp builtin\n pool 10.0.2.10 - 10.0.2.20\n otherwise file snponly.efi\n"
			       "tftp builtin root ${d}/missing\n"
			       "  serve a.efi /usr/lib/ipxe/no-such.efi\n"
			       "  serve b.efi ${d}/tftp\nclient pc1", &d), -ENOENT);
	ck_assert_uint_eq(d.errors, 3);
	ck_assert_str_eq(msg(&e, &d, 0, buf, sizeof(buf)),
			 "t.scn:5:1: tftp root '$D/missing': No such file or directory");
	ck_assert_str_eq(msg(&e, &d, 1, buf, sizeof(buf)),
			 "t.scn:6:3: serve source '/usr/lib/ipxe/no-such.efi': No such file or directory (install the Debian package 'ipxe')");
	ck_assert_str_eq(msg(&e, &d, 2, buf, sizeof(buf)),
			 "t.scn:7:3: serve source '$D/tftp': not a regular file");
	scn_diag_free(&d);
	env_teardown(&e);
}
END_TEST

/* a `serve` destination in a folder: the folder must be in the TFTP root (serve creates none) */
START_TEST(test_serve_destinations)
{
	struct env e;
	struct scn_diag d;
	char buf[512], sub[300];

	env_setup(&e);
	snprintf(sub, sizeof(sub), "%s/tftp/grub", e.dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	ck_assert_int_eq(check(&e, "tftp builtin root ${d}/tftp\n"
			       "  serve grub/grub.cfg ${d}/extra.efi\n"
			       "  serve grub/x86_64-efi/grub.cfg ${d}/extra.efi\n"
			       "  serve top.efi ${d}/extra.efi\nclient pc1", &d), -ENOENT);
	ck_assert_uint_eq(d.errors, 1);
	ck_assert_str_eq(msg(&e, &d, 0, buf, sizeof(buf)),
			 "t.scn:4:3: serve destination 'grub/x86_64-efi/grub.cfg': the TFTP root $D/tftp has no folder "
			 "'grub/x86_64-efi' ('serve' creates none)");
	scn_diag_free(&d);
	/* a `tftp` line without a root has no folder at all */
	ck_assert_int_eq(check(&e, "tftp builtin\n  serve a/b.efi ${d}/extra.efi\nclient pc1", &d), -ENOENT);
	ck_assert_str_eq(msg(&e, &d, 0, buf, sizeof(buf)),
			 "t.scn:3:3: serve destination 'a/b.efi': the TFTP root has no folder 'a' ('serve' creates none)");
	scn_diag_free(&d);
	ck_assert_int_eq(rmdir(sub), 0);
	env_teardown(&e);
}
END_TEST

START_TEST(test_debian_defaults_present)
{
	static const char text[] =
		"scenario t\nclient pc1\nclient pc2 firmware bios nic e1000\n"
		"client pc3 nic virtio-net pxe ipxe-rom\n"
		"tftp builtin root fixtures/tftp\n serve snponly.efi /usr/lib/ipxe/snponly.efi\n"
		"stage 1 \"s\"\n expect console x\n";
	struct scn_list list;
	struct scn_diag d;
	char line[512];

	scn_diag_init(&d);
	ck_assert_int_eq(scn_parse_buffer("t.scn", text, strlen(text), NULL, &list, &d), 0);
	ck_assert_int_eq(scn_check_files(list.s[0], NULL, &d), d.n ? -ENOENT : 0);
	if (d.n)
		scn_msg_format(&d.msg[0], line, sizeof(line));
	ck_assert_msg(d.n == 0, "host lacks a Debian firmware file: %s", line);
	scn_list_free(&list);
	scn_diag_free(&d);
}
END_TEST

/**
 * files_suite() - the suite
 *
 * Return: it.
 */
static Suite *files_suite(void)
{
	Suite *s = suite_create("scenario_files");
	TCase *tc = tcase_create("files");

	tcase_add_test(tc, test_all_present);
	tcase_add_test(tc, test_missing_firmware);
	tcase_add_test(tc, test_client_rom_paths);
	tcase_add_test(tc, test_images);
	tcase_add_test(tc, test_boot_files);
	tcase_add_test(tc, test_tftp_sources);
	tcase_add_test(tc, test_serve_destinations);
	tcase_add_test(tc, test_debian_defaults_present);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(files_suite)
