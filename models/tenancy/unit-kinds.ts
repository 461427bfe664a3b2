/**
 * Kinds of unit (สำนัก / กอง / ศูนย์ / กลุ่ม / ฝ่าย …); a file of its own so browser code can import it without
 * mongoose.
 */
export const UNIT_KINDS = ['bureau', 'division', 'center', 'group', 'section', 'regional', 'other'] as const
export type UnitKind = (typeof UNIT_KINDS)[number]
