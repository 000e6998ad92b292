/*
 * mutants.h - the reference's deliberate deviations (DESIGN.md "Mutants").
 *
 * Each MIREF_MUTANT_<NAME> switch, when defined at compile time, breaks exactly one behaviour
 * so that the cases citing that clause can be shown to fail. reference/mutants.def lists them
 * (NAME, clauses, description); the build makes build/mutants/libmiref-<name>.so from it. A
 * normal build defines none of them. Every use is an `#ifdef MIREF_MUTANT_<NAME>` next to the
 * behaviour it breaks, so `grep MIREF_MUTANT_ reference/` shows them all.
 */
#ifndef MIREF_MUTANTS_H
#define MIREF_MUTANTS_H
#endif
