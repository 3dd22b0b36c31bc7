/* Drives kvm's bare C ABI (runtime/include/kvm.h) as a C host would; tests/c_abi.rs builds
   and runs it, then checks the lines it prints:
     report NAME <report JSON>     a run's report
     records NAME N                log records its callback received
     cancel_ms N                   time from kvm_run_cancel to its kvm_run returning
     free_ms N                     time kvm_host_free took with a run going
     error NAME <JSON>             an error kvm returned
     cancel_result NAME N          what kvm_run_cancel returned
   Usage: capi_test HELLO_DIR LONG_SCRIPT */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kvm.h"

/* What one run's callback saw; the callback runs on a kvm thread. */
struct seen {
  pthread_mutex_t lock;
  pthread_cond_t first;
  int records;
};

static void on_record(void *user_data, const char *run_id, const char *record_json) {
  struct seen *seen = user_data;
  (void)run_id;
  (void)record_json;
  pthread_mutex_lock(&seen->lock);
  seen->records++;
  pthread_cond_broadcast(&seen->first);
  pthread_mutex_unlock(&seen->lock);
}

static void wait_first_record(struct seen *seen) {
  pthread_mutex_lock(&seen->lock);
  while (seen->records == 0) pthread_cond_wait(&seen->first, &seen->lock);
  pthread_mutex_unlock(&seen->lock);
}

struct run {
  const char *name;
  KvmHost *host;
  char request[4096];
  struct seen seen;
  char *report;
  double ended_at;
};

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void *run_thread(void *arg) {
  struct run *run = arg;
  run->report = kvm_run(run->host, run->request, on_record, &run->seen);
  run->ended_at = now_ms();
  return NULL;
}

static void start(struct run *run, pthread_t *thread, KvmHost *host, const char *name,
                  const char *request) {
  run->name = name;
  run->host = host;
  snprintf(run->request, sizeof run->request, "%s", request);
  pthread_mutex_init(&run->seen.lock, NULL);
  pthread_cond_init(&run->seen.first, NULL);
  run->seen.records = 0;
  if (pthread_create(thread, NULL, run_thread, run) != 0) {
    fprintf(stderr, "capi_test: cannot start a thread\n");
    exit(1);
  }
}

static void finish(struct run *run) {
  printf("report %s %s\n", run->name, run->report);
  printf("records %s %d\n", run->name, run->seen.records);
  kvm_string_free(run->report);
}

static void print_report(const char *name, char *report) {
  printf("report %s %s\n", name, report);
  kvm_string_free(report);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: capi_test HELLO_DIR LONG_SCRIPT\n");
    return 2;
  }
  char request[4096];

  char *error = NULL;
  if (kvm_host_new("{\"concurrency\": 2, \"limits\": {\"timeout_mss\": 1}}", &error) != NULL) {
    fprintf(stderr, "capi_test: a host was made from a bad config\n");
    return 1;
  }
  printf("error config %s\n", error);
  kvm_string_free(error);

  KvmHost *host = kvm_host_new("{\"concurrency\": 4, \"limits\": {\"timeout_ms\": 20000}}", &error);
  if (host == NULL || error != NULL) {
    fprintf(stderr, "capi_test: kvm_host_new failed: %s\n", error ? error : "(no error)");
    return 1;
  }

  /* Two konnectors from two threads at once. */
  pthread_t threads[2];
  struct run hello[2];
  const char *names[2] = {"ada", "grace"};
  for (int i = 0; i < 2; i++) {
    snprintf(request, sizeof request,
             "{\"id\": \"hello-%s\", \"konnector\": \"%s\","
             " \"env\": {\"COZY_FIELDS\": {\"login\": \"%s\"}}}",
             names[i], argv[1], names[i]);
    start(&hello[i], &threads[i], host, names[i], request);
  }
  for (int i = 0; i < 2; i++) {
    pthread_join(threads[i], NULL);
    finish(&hello[i]);
  }

  /* Requests that cannot run are answered, not crashed on. */
  print_report("bad_json", kvm_run(host, "{\"konnector\": ", NULL, NULL));
  print_report("unknown_field",
               kvm_run(host, "{\"id\": \"u1\", \"konnector\": \"k\", \"colour\": 1}", NULL, NULL));
  print_report("null_request", kvm_run(host, NULL, NULL, NULL));
  print_report("null_host", kvm_run(NULL, "{\"konnector\": \"k\"}", NULL, NULL));
  print_report("not_utf8", kvm_run(host, "{\"konnector\": \"caf\xe9\"}", NULL, NULL));
  printf("cancel_result null_id %d\n", kvm_run_cancel(host, NULL));
  printf("cancel_result unknown_id %d\n", kvm_run_cancel(host, "no-such-run"));

  /* A long run cancelled from this thread once it has logged. */
  pthread_t long_thread;
  struct run long_run;
  snprintf(request, sizeof request, "{\"id\": \"long\", \"konnector\": \"%s\"}", argv[2]);
  start(&long_run, &long_thread, host, "long", request);
  wait_first_record(&long_run.seen);
  print_report("duplicate_id", kvm_run(host, request, NULL, NULL));
  double cancelled_at = now_ms();
  printf("cancel_result long %d\n", kvm_run_cancel(host, "long"));
  pthread_join(long_thread, NULL);
  printf("cancel_ms %.0f\n", long_run.ended_at - cancelled_at);
  finish(&long_run);

  /* Destroying the host with a run going cancels it and waits for its call to return. */
  pthread_t last_thread;
  struct run last_run;
  snprintf(request, sizeof request, "{\"id\": \"last\", \"konnector\": \"%s\"}", argv[2]);
  start(&last_run, &last_thread, host, "last", request);
  wait_first_record(&last_run.seen);
  double freed_at = now_ms();
  kvm_host_free(host);
  printf("free_ms %.0f\n", now_ms() - freed_at);
  pthread_join(last_thread, NULL);
  finish(&last_run);
  return 0;
}
