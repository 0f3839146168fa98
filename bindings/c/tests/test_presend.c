/*
 * Tests of libpresend's C ABI from C: every status code, NULL arguments, invalid
 * UTF-8, a bad policy whose error names the key, truncated and oversized messages,
 * outputs left untouched on failure, the free functions with NULL, and eight threads
 * checking through one checker at once, and a patient list. Run plainly, under ASan/UBSan and under
 * valgrind by `make check`.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "presend.h"

static int failures = 0;

#define CHECK(condition)                                                              \
    do {                                                                              \
        if (!(condition)) {                                                           \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
            failures++;                                                               \
        }                                                                             \
    } while (0)

#define CHECK_STATUS(call, expected)                                                  \
    do {                                                                              \
        presend_status got_ = (call);                                                 \
        if (got_ != (expected)) {                                                     \
            char message_[256];                                                       \
            presend_last_error(message_, sizeof message_);                            \
            fprintf(stderr, "%s:%d: %s returned %s, expected %s (%s)\n", __FILE__, __LINE__, #call, \
                    presend_status_name((int)got_), presend_status_name((int)(expected)), message_); \
            failures++;                                                               \
        }                                                                             \
    } while (0)

/* The last error message, in a static buffer. */
static const char *last_error(void) {
    static char message[1024];
    presend_last_error(message, sizeof message);
    return message;
}

static const char GMAIL_DRAFT[] =
    "{\"from\": \"reception@gmail.com\", \"to\": [\"jane.doe@hotmail.co.uk\"],"
    " \"subject\": \"Your appointment\", \"body\": {\"text\": \"NHS number 943 476 5919\"}}";

static const char MESSAGE[] =
    "From: Reception <reception.meadowbank@nhs.net>\r\n"
    "To: jane.doe@gmail.com, bob.roe@hotmail.co.uk\r\n"
    "Subject: Flu clinic\r\n"
    "\r\n"
    "Dear all, the flu clinic is on Saturday. See u there.\r\n";

static void test_version_and_names(void) {
    CHECK(strcmp(presend_version(), PRESEND_VERSION) == 0);
    CHECK(strcmp(presend_status_name(PRESEND_INVALID_POLICY), "PRESEND_INVALID_POLICY") == 0);
    CHECK(strcmp(presend_status_name(-1), "PRESEND_UNKNOWN_STATUS") == 0);
    char *rules = NULL;
    CHECK_STATUS(presend_rules_json(&rules), PRESEND_OK);
    CHECK(rules != NULL && strstr(rules, "\"id\":\"bulk-exposure\"") != NULL);
    presend_string_free(rules);
}

static void test_null_arguments(void) {
    presend_checker *checker = NULL;
    char *report = (char *)&report; /* a sentinel: must stay untouched on failure */
    char *const sentinel = report;
    CHECK_STATUS(presend_checker_new(NULL, 0, NULL), PRESEND_NULL_ARGUMENT);
    CHECK(strstr(last_error(), "checker_out") != NULL);
    CHECK_STATUS(presend_checker_new(NULL, 12, &checker), PRESEND_NULL_ARGUMENT);
    CHECK(checker == NULL);
    CHECK_STATUS(presend_checker_new(NULL, 0, &checker), PRESEND_OK);
    CHECK(checker != NULL);
    CHECK(presend_last_error(NULL, 0) == 0);
    CHECK_STATUS(presend_checker_check_json(NULL, "{}", 2, &report), PRESEND_NULL_ARGUMENT);
    CHECK_STATUS(presend_checker_check_json(checker, NULL, 2, &report), PRESEND_NULL_ARGUMENT);
    CHECK_STATUS(presend_checker_check_json(checker, "{}", 2, NULL), PRESEND_NULL_ARGUMENT);
    CHECK_STATUS(presend_checker_check_mime(checker, NULL, 10, &report), PRESEND_NULL_ARGUMENT);
    CHECK_STATUS(presend_rules_json(NULL), PRESEND_NULL_ARGUMENT);
    CHECK(report == sentinel);
    presend_string_free(NULL);
    presend_checker_free(NULL);
    presend_checker_free(checker);
}

static void test_invalid_utf8(void) {
    presend_checker *checker = NULL;
    const char bad_policy[] = "{\"footer\": \"\xff\xfe\"}";
    CHECK_STATUS(presend_checker_new(bad_policy, sizeof bad_policy - 1, &checker), PRESEND_INVALID_UTF8);
    CHECK(checker == NULL);
    CHECK_STATUS(presend_checker_new(NULL, 0, &checker), PRESEND_OK);
    char *report = NULL;
    const char bad_draft[] = "{\"subject\": \"Caf\xc3\x28\"}";
    CHECK_STATUS(presend_checker_check_json(checker, bad_draft, sizeof bad_draft - 1, &report), PRESEND_INVALID_UTF8);
    CHECK(report == NULL);
    /* In a MIME message bad bytes are replaced, not fatal: mail is often mislabelled. */
    const char mime[] = "From: a@nhs.net\r\nSubject: Caf\xe9\r\n\r\nBody \xff\r\n";
    CHECK_STATUS(presend_checker_check_mime(checker, (const uint8_t *)mime, sizeof mime - 1, &report), PRESEND_OK);
    presend_string_free(report);
    presend_checker_free(checker);
}

static void test_bad_policy_names_the_key(void) {
    presend_checker *checker = NULL;
    const char policy[] = "{\"secure_domains\": [\"nhs.net\"], \"rules\": {\"txtspeak\": \"off\"}}";
    CHECK_STATUS(presend_checker_new(policy, strlen(policy), &checker), PRESEND_INVALID_POLICY);
    CHECK(checker == NULL);
    CHECK(strstr(last_error(), "rules.txtspeak") != NULL);
    CHECK(strstr(last_error(), "did you mean `textspeak`") != NULL);

    /* Truncation: snprintf-like length, NUL-terminated copy. */
    size_t full = presend_last_error(NULL, 0);
    char small[10];
    memset(small, 'x', sizeof small);
    CHECK(presend_last_error(small, sizeof small) == full);
    CHECK(full > sizeof small && strlen(small) == sizeof small - 1);

    const char pattern[] = "{\"pid_patterns\": [{\"name\": \"EMIS\", \"pattern\": \"EMIS-(\"}]}";
    CHECK_STATUS(presend_checker_new(pattern, strlen(pattern), &checker), PRESEND_INVALID_POLICY);
    CHECK(strstr(last_error(), "pid_patterns[0].pattern") != NULL);
}

static void test_drafts_and_messages(void) {
    presend_checker *checker = NULL;
    const char policy[] = "{\"organisation_domains\": [\"meadowbank-practice.nhs.uk\"]}";
    CHECK_STATUS(presend_checker_new(policy, strlen(policy), &checker), PRESEND_OK);

    char *report = NULL;
    CHECK_STATUS(presend_checker_check_json(checker, GMAIL_DRAFT, strlen(GMAIL_DRAFT), &report), PRESEND_OK);
    CHECK(report != NULL && strncmp(report, "{\"verdict\":\"block\"", 18) == 0);
    CHECK(report != NULL && strstr(report, "\"rule\":\"personal-sender\"") != NULL);
    CHECK(report != NULL && strstr(report, "943 476 5919") == NULL); /* masked by default */
    presend_string_free(report);

    CHECK_STATUS(presend_checker_check_json_with_flags(checker, GMAIL_DRAFT, strlen(GMAIL_DRAFT), PRESEND_SHOW_PID,
                                                       &report),
                 PRESEND_OK);
    CHECK(report != NULL && strstr(report, "943 476 5919") != NULL);
    presend_string_free(report);
    report = NULL;
    CHECK_STATUS(presend_checker_check_json_with_flags(checker, "{}", 2, 0x80u, &report), PRESEND_INVALID_ARGUMENT);
    CHECK(report == NULL);

    const char bad_field[] = "{\"to\": [{\"address\": \"a@b.com\", \"nmae\": \"x\"}]}";
    CHECK_STATUS(presend_checker_check_json(checker, bad_field, strlen(bad_field), &report), PRESEND_INVALID_DRAFT);
    CHECK(strstr(last_error(), "to[0].nmae") != NULL);

    CHECK_STATUS(presend_checker_check_mime(checker, (const uint8_t *)MESSAGE, strlen(MESSAGE), &report), PRESEND_OK);
    CHECK(report != NULL && strstr(report, "\"rule\":\"bulk-exposure\"") != NULL);
    CHECK(report != NULL && strstr(report, "\"rule\":\"textspeak\"") != NULL);
    presend_string_free(report);

    /* A message cut off mid-body is still read and checked; one with nothing is not a message. */
    size_t cut = strlen(MESSAGE) - 20;
    CHECK_STATUS(presend_checker_check_mime(checker, (const uint8_t *)MESSAGE, cut, &report), PRESEND_OK);
    presend_string_free(report);
    report = NULL;
    CHECK_STATUS(presend_checker_check_mime(checker, (const uint8_t *)"", 0, &report), PRESEND_INVALID_MESSAGE);
    CHECK(report == NULL);

    /* Over the 64 MiB limit: refused by length. */
    size_t huge = (size_t)64 * 1024 * 1024 + 1;
    uint8_t *big = calloc(huge, 1);
    if (big != NULL) {
        CHECK_STATUS(presend_checker_check_mime(checker, big, huge, &report), PRESEND_INPUT_TOO_LARGE);
        CHECK(strstr(last_error(), "over the limit") != NULL);
        free(big);
    }
    presend_checker_free(checker);
}

#define THREADS 8
#define CHECKS_PER_THREAD 25

struct worker {
    const presend_checker *checker;
    const char *expected;
    int mismatches;
};

static void *work(void *argument) {
    struct worker *worker = argument;
    for (int i = 0; i < CHECKS_PER_THREAD; i++) {
        char *report = NULL;
        if (presend_checker_check_mime(worker->checker, (const uint8_t *)MESSAGE, strlen(MESSAGE), &report) !=
                PRESEND_OK ||
            strcmp(report, worker->expected) != 0) {
            worker->mismatches++;
        }
        presend_string_free(report);
        /* Errors are per thread: a failure here must not disturb the others. */
        char *unused = NULL;
        if (presend_checker_check_json(worker->checker, "{\"x\": 1}", 8, &unused) != PRESEND_INVALID_DRAFT ||
            strstr(last_error(), "x") == NULL) {
            worker->mismatches++;
        }
    }
    return NULL;
}

static void test_threads_share_one_checker(void) {
    presend_checker *checker = NULL;
    CHECK_STATUS(presend_checker_new(NULL, 0, &checker), PRESEND_OK);
    char *expected = NULL;
    CHECK_STATUS(presend_checker_check_mime(checker, (const uint8_t *)MESSAGE, strlen(MESSAGE), &expected), PRESEND_OK);
    pthread_t threads[THREADS];
    struct worker workers[THREADS];
    for (int i = 0; i < THREADS; i++) {
        workers[i] = (struct worker){checker, expected, 0};
        CHECK(pthread_create(&threads[i], NULL, work, &workers[i]) == 0);
    }
    for (int i = 0; i < THREADS; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        CHECK(workers[i].mismatches == 0);
    }
    presend_string_free(expected);
    presend_checker_free(checker);
}

/* A checker with the practice's patient list sees a letter going to the wrong patient,
 * and shows the list only masked; a list it cannot read is refused, naming why. */
static void test_patient_list(void) {
    const char patients[] =
        "Name,NHS number,Email\n"
        "Margaret Hughes,943 476 5919,margaret.hughes@btinternet.com\n"
        "Priya Shah,999 000 0018,priya.shah@gmail.com\n";
    const char draft[] =
        "{\"to\": [\"priya.shah@gmail.com\"], \"body\": {\"text\": \"Re: NHS number 943 476 5919\"}}";
    presend_checker *checker = NULL;
    CHECK_STATUS(presend_checker_new_with_patients(NULL, 0, patients, strlen(patients), &checker), PRESEND_OK);
    char *report = NULL;
    CHECK_STATUS(presend_checker_check_json(checker, draft, strlen(draft), &report), PRESEND_OK);
    CHECK(report != NULL && strstr(report, "\"wrong-patient\"") != NULL);
    CHECK(report != NULL && strstr(report, "Margaret") == NULL);
    presend_string_free(report);
    presend_checker_free(checker);

    const char no_email[] = "Name,NHS number\nA B,9434765919\n";
    checker = NULL;
    CHECK_STATUS(presend_checker_new_with_patients(NULL, 0, no_email, strlen(no_email), &checker),
                 PRESEND_INVALID_PATIENTS);
    CHECK(checker == NULL);
    CHECK(strstr(last_error(), "no email address column") != NULL);
}

static const struct {
    const char *name;
    void (*run)(void);
} TESTS[] = {
    {"version_and_names", test_version_and_names},
    {"null_arguments", test_null_arguments},
    {"invalid_utf8", test_invalid_utf8},
    {"bad_policy_names_the_key", test_bad_policy_names_the_key},
    {"drafts_and_messages", test_drafts_and_messages},
    {"threads_share_one_checker", test_threads_share_one_checker},
    {"patient_list", test_patient_list},
};

int main(void) {
    int passed = 0, failed = 0;
    for (size_t i = 0; i < sizeof TESTS / sizeof TESTS[0]; i++) {
        int before = failures;
        TESTS[i].run();
        int ok = failures == before;
        printf("test %s ... %s\n", TESTS[i].name, ok ? "ok" : "FAILED");
        ok ? passed++ : failed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
