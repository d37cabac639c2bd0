/* Probe only (scripts/native-probe/probe.sh): minimal stand-ins, written for this probe, for the C
 * symbols a GraalVM/Mandrel distribution ships in lib/svm/clibraries (libchelper, libsvm_container
 * and SVM's own libjvm.a). Enough for the probe programs, not a port: no real CPU-feature check,
 * no container limits, a fixed locale, TZ or UTC as the time zone. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <jni.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "amd64cpufeatures.h"
#include "svm_locale.h"

/* CPU features: claim what the compiler can check; the image's own check is skipped. */
void determineCPUFeatures(CPUFeatures *f) {
    memset(f, 0, sizeof(*f));
    __builtin_cpu_init();
    f->fCX8 = 1; f->fCMOV = 1; f->fFXSR = 1; f->fMMX = 1; f->fSSE = 1; f->fSSE2 = 1;
    f->fSSE3 = !!__builtin_cpu_supports("sse3"); f->fSSSE3 = !!__builtin_cpu_supports("ssse3");
    f->fSSE4_1 = !!__builtin_cpu_supports("sse4.1"); f->fSSE4_2 = !!__builtin_cpu_supports("sse4.2");
    f->fPOPCNT = !!__builtin_cpu_supports("popcnt"); f->fAVX = !!__builtin_cpu_supports("avx");
    f->fAVX2 = !!__builtin_cpu_supports("avx2"); f->fBMI1 = !!__builtin_cpu_supports("bmi");
    f->fBMI2 = !!__builtin_cpu_supports("bmi2"); f->fFMA = !!__builtin_cpu_supports("fma");
}
int checkCPUFeatures(char *buildtime) { return 0; }
int checkCPUFeaturesOrExit(char *buildtime, char *message) { return 0; }

/* sun.misc.Signal dispatch: a semaphore and a pending-count table. */
static sem_t sig_sem; static volatile sig_atomic_t pending[65];
int cSunMiscSignal_open(void) { return sem_init(&sig_sem, 0, 0); }
int cSunMiscSignal_close(void) { return sem_destroy(&sig_sem); }
int cSunMiscSignal_awaitSemaphore(void) { while (sem_wait(&sig_sem) != 0 && errno == EINTR) {} return 0; }
int cSunMiscSignal_signalSemaphore(void) { return sem_post(&sig_sem); }
int cSunMiscSignal_signalRangeCheck(int s) { return s > 0 && s < 65; }
int cSunMiscSignal_checkPendingSignal(void) {
    for (int s = 1; s < 65; s++) if (pending[s] > 0) { pending[s]--; return s; }
    return -1;
}
static void dispatch(int s) { if (s > 0 && s < 65) { pending[s]++; sem_post(&sig_sem); } }
void *cSunMiscSignal_signalHandlerFunctionPointer(void) { return (void *) dispatch; }

int fprintfSD(FILE *f, const char *fmt, const char *s, int d) { return fprintf(f, fmt, s, d); }
int getThreadId(void) { return (int) syscall(SYS_gettid); }
void *mremapP(void *old, size_t oldsz, size_t newsz, int flags, void *newaddr) { return mremap(old, oldsz, newsz, flags, newaddr); }
int openSII(const char *p, int flags, int mode) { return open(p, flags, mode); }

/* Container support: report "not containerized", host values. */
int svm_container_initialize(int version) { return 0; }
size_t svm_container_physical_memory(void) { return (size_t) sysconf(_SC_PHYS_PAGES) * (size_t) sysconf(_SC_PAGESIZE); }
int svm_container_active_processor_count(void) { return (int) sysconf(_SC_NPROCESSORS_ONLN); }

char *SVM_FindJavaTZmd(const char *tzmappings, int len) { const char *tz = getenv("TZ"); return strdup(tz && *tz ? tz : "UTC"); }

static svm_locale_props_t locale_props = {"en", "", "US", "", "en", "", "US", ""};
int svm_initialize_locale(void) { return SVM_LOCALE_INITIALIZATION_SUCCEEDED; }
svm_locale_props_t *svm_get_locale(void) { return &locale_props; }

int JVM_ActiveProcessorCount(void) { return (int) sysconf(_SC_NPROCESSORS_ONLN); }
void initialize(void) {}

/* The static JDK libraries' JNI_OnLoad_<lib>: forward to the shared library's JNI_OnLoad. */
static jint forward(const char *lib, JavaVM *vm, void *r) {
    void *h = dlopen(lib, RTLD_NOW | RTLD_NOLOAD);
    jint (*f)(JavaVM *, void *) = h ? (jint (*)(JavaVM *, void *)) dlsym(h, "JNI_OnLoad") : NULL;
    jint v = f ? f(vm, r) : JNI_VERSION_1_8;
    /* statically linked libraries must answer 1.8 or later (JNI spec); the shared ones answer 1.2 */
    return v < 0 ? v : JNI_VERSION_1_8;
}
jint JNI_OnLoad_java(JavaVM *vm, void *r) { return forward("libjava.so", vm, r); }
jint JNI_OnLoad_net(JavaVM *vm, void *r) { return forward("libnet.so", vm, r); }
jint JNI_OnLoad_nio(JavaVM *vm, void *r) { return forward("libnio.so", vm, r); }
jint JNI_OnLoad_zip(JavaVM *vm, void *r) { return forward("libzip.so", vm, r); }
jint JNI_OnLoad_extnet(JavaVM *vm, void *r) { return forward("libextnet.so", vm, r); }
