/*
 * check_eml: check one .eml file with libpresend and print each finding.
 *
 *   check_eml [--policy policy.json] message.eml
 *
 * Exits 0 when nothing blocks the send, 1 when something does, 2 on an error
 * (unreadable file, bad policy, not an email), like `presend check`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "presend.h"

/* Reads a whole file; returns NULL (and says why) on failure. */
static char *read_file(const char *path, size_t *length) {
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        perror(path);
        return NULL;
    }
    size_t capacity = 1 << 16, used = 0;
    char *data = malloc(capacity);
    while (data != NULL) {
        used += fread(data + used, 1, capacity - used, file);
        if (used < capacity) {
            break;
        }
        char *bigger = realloc(data, capacity * 2);
        if (bigger == NULL) {
            free(data);
            data = NULL;
            break;
        }
        data = bigger;
        capacity *= 2;
    }
    if (data == NULL || ferror(file)) {
        fprintf(stderr, "%s: cannot read\n", path);
        free(data);
        data = NULL;
    }
    fclose(file);
    *length = used;
    return data;
}

/* Prints presend's message for the last failed call. */
static void print_last_error(const char *what, presend_status status) {
    char message[512];
    size_t length = presend_last_error(message, sizeof message);
    fprintf(stderr, "%s: %s: %s%s\n", what, presend_status_name((int)status), message,
            length >= sizeof message ? "..." : "");
}

/*
 * Copies the JSON string that starts at `*cursor` (just after its opening quote) to
 * `out`, undoing the simple escapes, and moves the cursor past its closing quote.
 * (A real host would use its JSON library; the report's shape is documented in the
 * header.)
 */
static void read_json_string(const char **cursor, char *out, size_t out_size) {
    const char *p = *cursor;
    size_t used = 0;
    while (*p != '\0' && *p != '"') {
        char c = *p++;
        if (c == '\\' && *p != '\0') {
            char escaped = *p++;
            c = escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped;
            if (escaped == 'u') {
                p += strlen(p) >= 4 ? 4 : strlen(p); /* non-ASCII: shown as '?' */
                c = '?';
            }
        }
        if (used + 1 < out_size) {
            out[used++] = c;
        }
    }
    out[used] = '\0';
    *cursor = *p == '"' ? p + 1 : p;
}

/* Finds `"key":"` at or after `from` and reads its value; returns the position after it. */
static const char *find_string(const char *from, const char *key, char *out, size_t out_size) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    const char *at = strstr(from, pattern);
    if (at == NULL) {
        out[0] = '\0';
        return NULL;
    }
    at += strlen(pattern);
    read_json_string(&at, out, out_size);
    return at;
}

int main(int argc, char **argv) {
    const char *policy_path = NULL, *message_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--policy") == 0 && i + 1 < argc) {
            policy_path = argv[++i];
        } else {
            message_path = argv[i];
        }
    }
    if (message_path == NULL) {
        fprintf(stderr, "usage: check_eml [--policy policy.json] message.eml\n");
        return 2;
    }

    char *policy = NULL;
    size_t policy_length = 0;
    if (policy_path != NULL && (policy = read_file(policy_path, &policy_length)) == NULL) {
        return 2;
    }
    presend_checker *checker = NULL;
    presend_status status = presend_checker_new(policy, policy_length, &checker);
    free(policy);
    if (status != PRESEND_OK) {
        print_last_error(policy_path, status);
        return 2;
    }

    size_t message_length = 0;
    char *message = read_file(message_path, &message_length);
    if (message == NULL) {
        presend_checker_free(checker);
        return 2;
    }
    char *report = NULL;
    status = presend_checker_check_mime(checker, (const uint8_t *)message, message_length, &report);
    free(message);
    presend_checker_free(checker);
    if (status != PRESEND_OK) {
        print_last_error(message_path, status);
        return 2;
    }

    char verdict[16], rule[64], severity[16], text[1024];
    find_string(report, "verdict", verdict, sizeof verdict);
    printf("%s: %s\n", message_path, verdict);
    const char *cursor = strstr(report, "\"findings\":[");
    while (cursor != NULL && (cursor = find_string(cursor, "rule", rule, sizeof rule)) != NULL) {
        cursor = find_string(cursor, "severity", severity, sizeof severity);
        cursor = cursor ? find_string(cursor, "message", text, sizeof text) : NULL;
        printf("  %-5s %-20s %s\n", severity, rule, text);
    }
    int blocked = strcmp(verdict, "block") == 0;
    presend_string_free(report);
    return blocked ? 1 : 0;
}
