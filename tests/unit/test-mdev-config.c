// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: ap_matrix text forms and the mdevctl config parser/builder.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ap_matrix.h"
#include "mdev_config.h"
#include "tap.h"

#define U1 "11111111-2222-3333-4444-555555555555"
#define U2 "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"

static int parse(const char *json, struct mdev_config *cfg, char *err, size_t len)
{
	return mdev_config_parse(json, strlen(json), cfg, err, len);
}

static void test_hex2mask(void)
{
	struct ap_mask m;
	const char *s;

	tap_is_int(ap_hex2mask("0x41", 4, &m), 0, "hex2mask: short form");
	tap_ok(ap_mask_test(&m, 1) && ap_mask_test(&m, 7) && ap_mask_weight(&m) == 2,
	       "hex2mask: 0x41 is IDs 1 and 7 (left-aligned)");
	tap_is_int(ap_hex2mask("x8", 2, &m), 0, "hex2mask: x prefix");
	tap_ok(ap_mask_test(&m, 0) && ap_mask_weight(&m) == 1, "hex2mask: x8 is ID 0");
	tap_is_int(ap_hex2mask("", 0, &m), 0, "hex2mask: empty is the empty mask");
	tap_ok(ap_mask_empty(&m), "hex2mask: empty mask");
	tap_is_int(ap_hex2mask("0xg", 3, &m), -EINVAL, "hex2mask: bad digit");
	s = "0x00000000000000000000000000000000000000000000000000000000000000001";
	tap_is_int(ap_hex2mask(s, strlen(s), &m), -EINVAL, "hex2mask: 65 digits refused");
}

static void test_ap_config(void)
{
	struct ap_matrix m, m2;
	char buf[AP_CONFIG_STRLEN];
	const char *why;

	tap_is_int(ap_config_parse("0x18,0x04,0x04\n", &m, &why), 0, "ap_config: parse");
	tap_ok(ap_mask_test(&m.apm, 3) && ap_mask_test(&m.apm, 4) && ap_mask_weight(&m.apm) == 2,
	       "ap_config: adapters 3,4");
	tap_ok(ap_mask_test(&m.aqm, 5) && ap_mask_weight(&m.aqm) == 1, "ap_config: domain 5");
	tap_ok(ap_mask_test(&m.adm, 5) && ap_mask_weight(&m.adm) == 1, "ap_config: control 5");
	ap_config_format(&m, buf);
	tap_is_int((long long)strlen(buf), AP_CONFIG_STRLEN - 1, "ap_config: canonical length");
	tap_is_int(ap_config_parse(buf, &m2, &why), 0, "ap_config: canonical form parses");
	tap_ok(ap_matrix_equal(&m, &m2), "ap_config: round trip");
	tap_is_int(ap_config_parse("0x18,0x04", &m, &why), -EINVAL, "ap_config: two fields");
	tap_is_int(ap_config_parse("0x18,0x04,0x04,0x1", &m, &why), -EINVAL,
		   "ap_config: four fields");
	tap_is_int(ap_config_parse("0x18,zz,0x04", &m, &why), -EINVAL, "ap_config: bad field");
	tap_ok(why && strstr(why, "domain"), "ap_config: reason names the field (%s)", why);
}

static void test_matrix_text(void)
{
	struct ap_matrix m;
	struct ap_mask adm;
	const char *why;

	ap_matrix_zero(&m);
	tap_is_int(ap_matrix_parse_apqns("03.0005\n03.0006\n04.0005\n04.0006\n", &m, &why), 0,
		   "matrix: full lines");
	tap_ok(ap_mask_weight(&m.apm) == 2 && ap_mask_test(&m.apm, 4) &&
		       ap_mask_weight(&m.aqm) == 2 && ap_mask_test(&m.aqm, 6),
	       "matrix: 2x2");
	tap_is_int(ap_matrix_parse_apqns("0a.\n", &m, &why), 0, "matrix: adapters only");
	tap_ok(ap_mask_test(&m.apm, 10) && ap_mask_empty(&m.aqm), "matrix: adapter 10 only");
	tap_is_int(ap_matrix_parse_apqns(".00ff\n", &m, &why), 0, "matrix: domains only");
	tap_ok(ap_mask_empty(&m.apm) && ap_mask_test(&m.aqm, 255), "matrix: domain 255 only");
	tap_is_int(ap_matrix_parse_apqns("", &m, &why), 0, "matrix: empty");
	tap_ok(ap_mask_empty(&m.apm) && ap_mask_empty(&m.aqm), "matrix: empty is empty");
	tap_is_int(ap_matrix_parse_apqns("03-0005\n", &m, &why), -EINVAL, "matrix: no dot");
	tap_is_int(ap_matrix_parse_apqns("03.1000\n", &m, &why), -EINVAL, "matrix: domain > 255");
	tap_is_int(ap_matrix_parse_control("0005\n00ff\n", &adm, &why), 0, "control_domains");
	tap_ok(ap_mask_test(&adm, 5) && ap_mask_test(&adm, 255) && ap_mask_weight(&adm) == 2,
	       "control_domains: 5 and 255");
	tap_is_int(ap_matrix_parse_control("xyz\n", &adm, &why), -EINVAL, "control_domains: bad");
}

static void test_parse(void)
{
	struct mdev_config cfg;
	struct ap_matrix m;
	char err[256];

	tap_is_int(parse("{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"attrs\":["
			 "{\"assign_adapter\":\"3\"},{\"assign_adapter\":\"0x04\"},"
			 "{\"assign_domain\":\"5\"},{\"assign_control_domain\":\"010\"}]}",
			 &cfg, err, sizeof(err)),
		   0, "parse: a good config");
	tap_is_str(cfg.mdev_type, "vfio_ap-passthrough", "parse: mdev_type");
	tap_ok(cfg.autostart, "parse: start auto");
	tap_is_int((long long)cfg.n_attrs, 4, "parse: four attrs kept in order");
	tap_is_int(cfg.attrs[1].op, MDEV_ATTR_ASSIGN_ADAPTER, "parse: op");
	tap_is_int(cfg.attrs[1].id, 4, "parse: hex value");
	tap_is_int(cfg.attrs[3].id, 8, "parse: octal value (kstrtoul base 0)");
	tap_is_int(mdev_config_matrix(&cfg, &m), 0, "matrix: nothing skipped");
	tap_ok(ap_mask_weight(&m.apm) == 2 && ap_mask_test(&m.aqm, 5) && ap_mask_test(&m.adm, 8),
	       "matrix: result");
	mdev_config_free(&cfg);

	tap_is_int(parse("{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"manual\",\"attrs\":["
			 "{\"assign_adapter\":\"3\"},{\"assign_adapter\":\"4\"},"
			 "{\"unassign_adapter\":\"3\"},{\"ap_config\":\"0x8,0x8,0x0\"},"
			 "{\"assign_domain\":\"7\"}]}",
			 &cfg, err, sizeof(err)),
		   0, "parse: unassign and ap_config");
	tap_ok(!cfg.autostart, "parse: start manual");
	mdev_config_matrix(&cfg, &m);
	tap_ok(ap_mask_weight(&m.apm) == 1 && ap_mask_test(&m.apm, 0),
	       "replay: ap_config replaces the adapters");
	tap_ok(ap_mask_weight(&m.aqm) == 2 && ap_mask_test(&m.aqm, 0) && ap_mask_test(&m.aqm, 7),
	       "replay: assign after ap_config adds");
	mdev_config_free(&cfg);

	tap_is_int(parse("{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"attrs\":["
			 "{\"assign_adapter\":\"3,4\"},{\"assign_domain\":\"256\"},"
			 "{\"assign_domain\":\"5\\n\"},{\"frobnicate\":\"1\"},"
			 "{\"ap_config\":\"junk\"}]}",
			 &cfg, err, sizeof(err)),
		   0, "parse: bad values do not fail the parse");
	tap_is_int(cfg.attrs[0].err, -EINVAL, "parse: \"3,4\" is malformed (one ID per write)");
	tap_is_int(cfg.attrs[1].err, -ERANGE, "parse: 256 is out of range");
	tap_is_int(cfg.attrs[2].err, 0, "parse: a trailing newline is accepted like kstrtoul");
	tap_is_int(cfg.attrs[3].err, -ENOENT, "parse: unknown key");
	tap_is_int(cfg.attrs[4].err, -EINVAL, "parse: bad ap_config");
	tap_is_int(mdev_config_matrix(&cfg, &m), 4, "matrix: four skipped");
	mdev_config_free(&cfg);

	tap_is_int(parse("{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"manual\"}", &cfg, err,
			 sizeof(err)),
		   0, "parse: attrs may be missing");
	tap_is_int((long long)cfg.n_attrs, 0, "parse: no attrs");
	mdev_config_free(&cfg);
}

static void test_parse_errors(void)
{
	static const struct {
		const char *json;
		const char *want;
	} bad[] = {
		{ "", "empty" },
		{ "{", "not valid JSON" },
		{ "[]", "not a JSON object" },
		{ "{\"start\":\"auto\"}", "mdev_type" },
		{ "{\"mdev_type\":\"vfio_ap-passthrough\"}", "\"start\"" },
		{ "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"sometimes\"}", "sometimes" },
		{ "{\"mdev_type\":\"t\",\"start\":\"auto\",\"attrs\":{}}", "not an array" },
		{ "{\"mdev_type\":\"t\",\"start\":\"auto\",\"attrs\":[{}]}", "exactly one key" },
		{ "{\"mdev_type\":\"t\",\"start\":\"auto\",\"attrs\":[{\"a\":\"1\",\"b\":\"2\"}]}",
		  "exactly one key" },
		{ "{\"mdev_type\":\"t\",\"start\":\"auto\",\"attrs\":[{\"assign_adapter\":3}]}",
		  "must be a string" },
		{ "{\"mdev_type\":\"t\",\"mdev_type\":\"u\",\"start\":\"auto\"}", "duplicate" },
		/* input quoted in the message never breaks the line (found by fuzzing) */
		{ "\"1\\\n", "not valid JSON" },
		{ "{\"mdev_type\":\"t\",\"start\":\"auto\",\"attrs\":[{\"a\\nb\":1}]}",
		  "\"a?b\": value must be a string" },
	};
	struct mdev_config cfg;
	char err[256];
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		tap_is_int(parse(bad[i].json, &cfg, err, sizeof(err)), -EINVAL,
			   "parse error %u refused", i);
		tap_ok(strstr(err, bad[i].want) != NULL && !strchr(err, '\n'),
		       "parse error %u: one line naming the problem (%s)", i, err);
	}
}

static void test_build(void)
{
	struct mdev_config cfg;
	struct ap_matrix m, m2;
	char err[256], *s;

	ap_matrix_zero(&m);
	s = mdev_attrs_build(&m);
	tap_is_str(s, "[]", "attrs of the empty matrix are []");
	free(s);
	ap_mask_set(&m.apm, 4);
	ap_mask_set(&m.apm, 3);
	ap_mask_set(&m.aqm, 255);
	ap_mask_set(&m.adm, 5);
	s = mdev_attrs_build(&m);
	tap_is_str(s,
		   "[{\"assign_adapter\":\"3\"},{\"assign_adapter\":\"4\"},"
		   "{\"assign_domain\":\"255\"},{\"assign_control_domain\":\"5\"}]",
		   "attrs: adapters, domains, control domains, decimal, ascending");
	free(s);
	s = mdev_config_build(VFIO_AP_MDEV_TYPE, true, &m, true);
	tap_ok(s && strstr(s, "\"start\": \"auto\"") && strchr(s, '\n'), "build: pretty");
	tap_is_int(s ? parse(s, &cfg, err, sizeof(err)) : -1, 0, "build: parses back");
	mdev_config_matrix(&cfg, &m2);
	tap_ok(ap_matrix_equal(&m, &m2) && cfg.autostart, "build: round trip");
	mdev_config_free(&cfg);
	free(s);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void test_load_dir(void)
{
	char dir[] = "/tmp/test-mdev-config-XXXXXX", path[256];
	struct mdev_config_set set;

	tap_is_int(mdev_config_load_dir("/nonexistent/dir", &set), 0, "load_dir: missing dir");
	tap_is_int((long long)set.n, 0, "load_dir: missing dir is empty");
	if (!mkdtemp(dir)) {
		tap_skip("mkdtemp failed", "load_dir");
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, U2);
	write_file(path, "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"attrs\":[]}");
	snprintf(path, sizeof(path), "%s/%s", dir, U1);
	write_file(path, "{broken");
	snprintf(path, sizeof(path), "%s/not-a-uuid", dir);
	write_file(path, "{}");
	tap_is_int(mdev_config_load_dir(dir, &set), 0, "load_dir: loads");
	tap_is_int((long long)set.n, 2, "load_dir: only UUID-named files");
	if (set.n == 2) {
		tap_is_str(set.v[0].cfg.uuid, U1, "load_dir: sorted by uuid");
		tap_ok(set.v[0].err == -EINVAL && set.v[0].errmsg &&
			       strstr(set.v[0].errmsg, U1),
		       "load_dir: a broken file is kept with its error");
		tap_ok(!set.v[1].err && set.v[1].cfg.autostart, "load_dir: good file parsed");
		tap_is_str(set.v[1].cfg.uuid, U2, "load_dir: uuid from the file name");
	}
	mdev_config_set_free(&set);
	snprintf(path, sizeof(path), "%s/%s", dir, U1);
	unlink(path);
	snprintf(path, sizeof(path), "%s/%s", dir, U2);
	unlink(path);
	snprintf(path, sizeof(path), "%s/not-a-uuid", dir);
	unlink(path);
	rmdir(dir);
}

/* a file with an attribute value the kernel refuses does not load */
static void test_load_bad_attrs(void)
{
	static const struct {
		const char *attrs, *msg;
	} cases[] = {
		{ "{\"assign_adapter\":\"3,4\"},{\"assign_domain\":\"9\"}",
		  "attrs[0]: assign_adapter: invalid value \"3,4\": " },
		{ "{\"assign_domain\":\"9\"},{\"assign_domain\":\"abc\"}",
		  "attrs[1]: assign_domain: invalid value \"abc\": " },
		{ "{\"assign_control_domain\":\"0x100\"}",
		  "attrs[0]: assign_control_domain: invalid value \"0x100\": ID above 255" },
		{ "{\"foo\":\"bar\"}", "attrs[0]: unknown attribute \"foo\" (value \"bar\"): not a vfio_ap mdev attribute" },
		{ "{\"ap_config\":\"zz\"}", "attrs[0]: ap_config: invalid value \"zz\": " },
	};
	char dir[] = "/tmp/test-mdev-config-XXXXXX", path[256], json[256], err[512];
	struct mdev_config cfg;
	size_t i;

	if (!mkdtemp(dir)) {
		tap_skip("mkdtemp failed", "load: invalid attributes");
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, U1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(json, sizeof(json),
			 "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"manual\","
			 "\"attrs\":[%s]}",
			 cases[i].attrs);
		write_file(path, json);
		err[0] = '\0';
		tap_is_int(mdev_config_load(path, &cfg, err, sizeof(err)), -EINVAL,
			   "load: invalid attribute %zu fails", i);
		tap_ok(strstr(err, cases[i].msg) && strstr(err, path),
		       "load: invalid attribute %zu named with its value (%s)", i, err);
	}
	write_file(path, "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"manual\","
			 "\"attrs\":[{\"assign_adapter\":\"0x05\"},{\"unassign_adapter\":\"+5\"}]}");
	tap_is_int(mdev_config_load(path, &cfg, err, sizeof(err)), 0,
		   "load: values the kernel takes (0x05, +5) load");
	mdev_config_free(&cfg);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	tap_ok(mdev_uuid_valid(U1), "uuid valid");
	tap_ok(!mdev_uuid_valid("11111111-2222-3333-4444-55555555555"), "uuid too short");
	tap_ok(!mdev_uuid_valid("11111111+2222-3333-4444-555555555555"), "uuid bad dash");
	test_hex2mask();
	test_ap_config();
	test_matrix_text();
	test_parse();
	test_parse_errors();
	test_build();
	test_load_dir();
	test_load_bad_attrs();
	return tap_done();
}
