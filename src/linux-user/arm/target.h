#ifndef DUET_LU_ARM_TARGET_H
#define DUET_LU_ARM_TARGET_H

#include "linux-user/process.h"

extern const struct lu_target lu_target_arm;
/* Maps the kuser helper page. */
int lu_arm_setup(struct lu_process *p);

#endif
