/**
 * The evidence library's data, gathered for the route's loader: the page of evidence found by the words and filters
 * of the address, with snippets and text states, and the filters' choices.
 */
import { getConfig } from '#app/config.server'
import type { Member } from '#app/utils/session.server'
import { ALLOWED_TYPES_LABEL } from '#evidence/uploads/sniff.server'
import { libraryFilterOptions, MAX_CANDIDATES, parseLibraryQuery, searchLibrary } from '#models/evidence/search.server'
import { can } from '#models/tenancy/permissions'

export async function evidenceLibrary(member: Member, url: URL) {
  const organizationId = member.organization.id
  const query = parseLibraryQuery(url.searchParams)
  const [result, options] = await Promise.all([
    searchLibrary(organizationId, query),
    libraryFilterOptions(organizationId),
  ])
  return {
    items: result.rows.map(({ evidence: e, snippet, text }) => ({
      id: e.id,
      type: e.type,
      title: e.title,
      fileName: e.current?.fileName ?? e.url ?? '',
      updatedAt: e.current?.uploadedAt ?? e.createdAt,
      links: e.links.length,
      versions: e.versions.length,
      snippet,
      textState: text?.state ?? null,
    })),
    filter: query,
    search: {
      words: result.words,
      total: result.total,
      page: result.page,
      hasMore: result.hasMore,
      capped: result.capped,
      max: MAX_CANDIDATES,
    },
    units: options.units.filter((u) => !u.retired || u.value === query.unit),
    itemOptions: options.items,
    canUpload: can(member.membership, 'evidence.upload'),
    maxBytes: getConfig().evidence.maxFileBytes,
    typesLabel: ALLOWED_TYPES_LABEL,
  }
}
export type EvidenceLibraryData = Awaited<ReturnType<typeof evidenceLibrary>>
