/** The namespace supervisord answers (its other namespaces, e.g. a Python supvisors, stay hidden). */
export const SUPERVISOR_PREFIX = 'supervisor.';
