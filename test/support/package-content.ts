/**
 * A submission package's content built in memory (no database): what the document writers of
 * evidence/package-documents.ts read, with the cases that matter for them.
 */
import type { PackageContent, PackageItem } from '#evidence/package/content.server'
import type { StoredCatalog } from '#models/catalog/catalog.server'
import type { Organization } from '#models/tenancy/organization.server'

type Item = PackageItem & { group: string }

const catalog = (kind: StoredCatalog['kind'], key: string, nameTh: string) =>
  ({ id: key, key, kind, nameTh, version: 2 }) as StoredCatalog

function item(
  code: string,
  titleTh: string,
  approved: boolean,
  urls: string[] = [],
  approvedByName = 'วิไล ตรวจประเมิน',
): Item {
  return {
    catalogId: 'c',
    catalogKey: 'k',
    code,
    titleTh,
    status: approved ? 'approved' : 'in-progress',
    folder: `OIT/${code}`,
    group: 'OIT',
    approvedByName: approved ? approvedByName : '',
    approvedAt: approved ? '2026-11-20T03:00:00.000Z' : null,
    elements: approved
      ? [
          {
            id: 'E1',
            textTh: 'หลักฐาน',
            evidence: urls.map((url, i) => ({
              id: `${code}-${i}`,
              type: 'link' as const,
              title: `ลิงก์ ${i + 1}`,
              url,
              file: null,
            })),
          },
        ]
      : [],
  }
}

/**
 * 23 OIT criteria (15 approved; O1 with three URLs; O2's title and approver start like
 * formulas; O3 with quotes and commas) and a KPI agreement of 2 items that the memo must not count.
 */
export function samplePackageContent(): PackageContent {
  const criteria: Item[] = []
  for (let n = 1; n <= 23; n++) {
    const approved = n <= 15
    if (n === 1)
      criteria.push(
        item('O1', 'โครงสร้าง หน้าที่และอำนาจ', true, [
          'https://www.example.go.th/about',
          'https://www.example.go.th/org',
          'https://www.example.go.th/duty',
        ]),
      )
    else if (n === 3)
      criteria.push(item('O3', 'อำนาจหน้าที่ "ตามกฎหมาย", และภารกิจ', true, ['https://www.example.go.th/law?a=1,2']))
    else if (n === 2)
      criteria.push(
        item(
          'O2',
          '=HYPERLINK("https://evil.example","ข้อมูลผู้บริหาร")',
          true,
          ['https://www.example.go.th/exec'],
          '@ผู้ตรวจ +1',
        ),
      )
    else
      criteria.push(
        item(`O${n}`, `หัวข้อการเปิดเผยข้อมูลลำดับที่ ${n}`, approved, approved ? [`https://www.example.go.th/o${n}`] : []),
      )
  }
  return {
    organization: {
      id: 'org',
      code: 'sample',
      nameTh: 'กรมตัวอย่างเพื่อความโปร่งใส',
      nameEn: 'Sample Department',
    } as Organization,
    fiscalYear: 2569,
    round: 12,
    catalogs: [
      { catalog: catalog('ita', 'ita-nacc-2569', 'แบบตรวจ OIT ปี 2569'), items: criteria },
      {
        catalog: catalog('kpi-agreement', 'kpi-2569', 'คำรับรองการปฏิบัติราชการ 2569'),
        items: [item('K1', 'ตัวชี้วัดที่ 1', true), item('K2', 'ตัวชี้วัดที่ 2', false)],
      },
    ],
    generatedAt: new Date('2026-12-02T04:05:00.000Z'),
  }
}
