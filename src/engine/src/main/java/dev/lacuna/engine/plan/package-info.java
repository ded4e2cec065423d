/**
 * An evaluation as a plan of typed tasks, the units the platform's workers claim: build or find a testbed,
 * calibrate the learning rate, localize on one seed, run one (seed, region) sweep. {@link EvaluationPlan} says,
 * from the outcomes known so far, which tasks can run next and, once every sweep is in, the result, which the
 * protocols' own assembly functions put together, so a fanned-out evaluation gives the numbers a single
 * {@code ./lacuna evaluate} gives. A task names testbeds by hash and plugins by sha256 and no local path, so
 * any worker can run it and its canonical JSON is its content key: equal keys mean equal outcomes.
 */
package dev.lacuna.engine.plan;
