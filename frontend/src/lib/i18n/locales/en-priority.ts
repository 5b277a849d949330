import type { viPriority } from './vi-priority';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const enPriority: Shape<typeof viPriority> = {
  priorityAreas: {
    title: 'Priority areas',
    help: 'Projects in a priority area get a raised support level (at most 150% of the normal one, Circular 28/2018/TT-BTC). Projects are checked against the marks in force on 1 January of their plan year. A unit has one level per program at a time; projects already approved keep their amounts.',
    create: 'Add a priority area',
    edit: 'Edit the priority area',
    editOf: 'Edit priority area {{code}}',
    program: 'Program',
    programHelp: 'Empty: every program',
    everyProgram: 'Every program',
    uplift: 'Raised support level',
    upliftHelp: 'Percent of the normal support level, 100 to 150',
    legalBasis: 'Legal basis (decision)',
    period: 'In force',
    effectiveFrom: 'In force from',
    effectiveTo: 'Last day in force',
    effectiveToHelp: 'Empty if not decided',
    endBeforeStart: 'The last day must not be before the first',
    from: 'from {{date}}',
    open: 'open',
    inForce: 'In force',
  },
};
