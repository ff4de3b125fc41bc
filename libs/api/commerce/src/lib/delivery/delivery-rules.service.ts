import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OperatorAccessService } from '@parley/api/identity';
import { AuthUser } from '@parley/api/platform/auth';
import { badInput, DomainException, FieldError, forbidden, isUuid, notFound } from '@parley/api/platform/graphql';
import { EVENT_BUS, EventBus, Topics } from '@parley/api/platform/realtime';
import { ErrorCode, Permission } from '@parley/shared/contracts';
import Decimal from 'decimal.js';
import { DataSource, EntityManager } from 'typeorm';
import { DeliveryCostQuery, DeliveryCostSource } from '../orders/delivery-cost.port';
import { formatAmount, isCurrency, parseAmount, parseQuantity } from '../products/money';
import { DeliveryRuleInput, DeliveryRuleObject, DeliveryRulesChangeKind, DeliveryRulesChangePayload, DeliveryRulesTestObject, TestDeliveryRulesInput, UpdateDeliveryRuleInput } from './delivery-rule.object';
import { DeliveryRule, evaluateDeliveryRules } from './delivery-rules.evaluator';

/** At most this many rules per workspace (every order preview reads the active ones). */
export const DELIVERY_RULES_MAX = 200;
export const DELIVERY_RULE_REGIONS_MAX = 50;
export const DELIVERY_RULE_REGION_LENGTH_MAX = 100;
const MAX_WEIGHT = new Decimal('9999999.999');

interface Row {
  id: string;
  workspace_id: string;
  name: string;
  position: number;
  active: boolean;
  delivery_type: string | null;
  regions: string[];
  min_weight_kg: string | null;
  max_weight_kg: string | null;
  min_total: string | null;
  max_total: string | null;
  currency: string | null;
  cost: string;
  version: number;
  updated_at: Date;
}

const COLUMNS = 'id, workspace_id, name, position, active, delivery_type, regions, min_weight_kg, max_weight_kg, min_total, max_total, currency, cost, version, updated_at';

/** What a rule's input becomes once checked: the columns, in order. */
interface Checked {
  name: string;
  active: boolean;
  deliveryType: string | null;
  regions: string[];
  minWeightKg: string | null;
  maxWeightKg: string | null;
  minTotal: string | null;
  maxTotal: string | null;
  currency: string | null;
  cost: string;
}

/**
 * Issue #12 (E5): the workspace's delivery cost rules (Settings › Delivery) and the orders'
 * DELIVERY_COST source: the first active rule by position that matches (evaluateDeliveryRules).
 * `costFor` runs on every previewOrder keystroke: one query over
 * delivery_rules_workspace_position_idx of at most 200 small rows, matched in memory.
 * Reading (and the tester) needs “Manage orders” or “Configure orders, delivery and payments”;
 * changing needs the latter (the resolver's @RequirePermission). Changes are live on
 * Topics.deliveryRules (the admin page refetches).
 */
@Injectable()
export class DeliveryRulesService implements DeliveryCostSource {
  private readonly logger = new Logger('DeliveryRules');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: OperatorAccessService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  async costFor(workspaceId: string, q: DeliveryCostQuery): Promise<{ ruleId: string; ruleName: string; cost: string } | null> {
    const rows: Row[] = await this.db.query(`SELECT ${COLUMNS} FROM delivery_rules WHERE workspace_id = $1 AND active ORDER BY position, id`, [workspaceId]);
    if (!rows.length) return null;
    const r = evaluateDeliveryRules(rows.map(toRule), q);
    return r.rule && r.cost !== null ? { ruleId: r.rule.id, ruleName: r.rule.name, cost: r.cost } : null;
  }

  async assertMayRead(user: AuthUser): Promise<void> {
    const rights = await this.access.permissions(user);
    if (!rights.has(Permission.manage_orders) && !rights.has(Permission.configure_commerce)) throw forbidden('You need the "Manage orders" or "Configure orders, delivery and payments" right to see delivery rules');
  }

  async list(user: AuthUser): Promise<DeliveryRuleObject[]> {
    await this.assertMayRead(user);
    return this.rows(this.db.manager, user.workspaceId).then((rows) => rows.map(toObject));
  }

  async create(user: AuthUser, input: DeliveryRuleInput): Promise<DeliveryRuleObject> {
    const c = checkDeliveryRule(input);
    const row = await this.db.transaction(async (m) => {
      await this.lock(m, user.workspaceId);
      const [{ count, next }] = await m.query(`SELECT count(*)::int AS count, COALESCE(max(position) + 1, 0)::int AS next FROM delivery_rules WHERE workspace_id = $1`, [user.workspaceId]);
      if (count >= DELIVERY_RULES_MAX) throw invalid([{ field: 'rules', message: `A workspace has at most ${DELIVERY_RULES_MAX} delivery rules: delete one first` }]);
      const [r]: Row[] = await m.query(
        `INSERT INTO delivery_rules (workspace_id, name, position, active, delivery_type, regions, min_weight_kg, max_weight_kg, min_total, max_total, currency, cost)
         VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
        [user.workspaceId, c.name, next, c.active, c.deliveryType, c.regions, c.minWeightKg, c.maxWeightKg, c.minTotal, c.maxTotal, c.currency, c.cost],
      );
      return r;
    });
    await this.publish(user, DeliveryRulesChangeKind.saved, row.id);
    return toObject(row);
  }

  async update(user: AuthUser, input: UpdateDeliveryRuleInput): Promise<DeliveryRuleObject> {
    if (typeof input.id !== 'string' || !isUuid(input.id)) throw notFound('Delivery rule');
    if (!Number.isInteger(input.expectedVersion)) throw invalid([{ field: 'expectedVersion', message: 'expectedVersion must be a whole number' }]);
    const c = checkDeliveryRule(input);
    const [[row]]: [Row[], number] = await this.db.query(
      `UPDATE delivery_rules SET name = $4, active = $5, delivery_type = $6, regions = $7::text[], min_weight_kg = $8, max_weight_kg = $9, min_total = $10, max_total = $11, currency = $12, cost = $13,
              version = version + 1, updated_at = now()
        WHERE id = $1 AND workspace_id = $2 AND version = $3 RETURNING ${COLUMNS}`,
      [input.id, user.workspaceId, input.expectedVersion, c.name, c.active, c.deliveryType, c.regions, c.minWeightKg, c.maxWeightKg, c.minTotal, c.maxTotal, c.currency, c.cost],
    );
    if (!row) {
      const [current] = await this.db.query(`SELECT version FROM delivery_rules WHERE id = $1 AND workspace_id = $2`, [input.id, user.workspaceId]);
      if (!current) throw notFound('Delivery rule');
      throw new DomainException(ErrorCode.Conflict, 'Someone else saved this rule meanwhile: reload it to see their change', { field: 'rule', version: current.version });
    }
    await this.publish(user, DeliveryRulesChangeKind.saved, row.id);
    return toObject(row);
  }

  async remove(user: AuthUser, id: string): Promise<boolean> {
    if (typeof id !== 'string' || !isUuid(id)) throw notFound('Delivery rule');
    const deleted = await this.db.transaction(async (m) => {
      await this.lock(m, user.workspaceId);
      const [rows]: [Row[], number] = await m.query(`DELETE FROM delivery_rules WHERE id = $1 AND workspace_id = $2 RETURNING id`, [id, user.workspaceId]);
      if (!rows.length) return false;
      await this.renumber(m, user.workspaceId);
      return true;
    });
    if (!deleted) throw notFound('Delivery rule');
    await this.publish(user, DeliveryRulesChangeKind.deleted, id);
    return true;
  }

  /** Puts the rule at `position` (0 first; past the end is last) and numbers the others around it 0, 1, 2… */
  async move(user: AuthUser, id: string, position: number): Promise<DeliveryRuleObject[]> {
    if (typeof id !== 'string' || !isUuid(id)) throw notFound('Delivery rule');
    if (!Number.isInteger(position) || position < 0) throw invalid([{ field: 'position', message: 'The position is a whole number from 0' }]);
    const rows = await this.db.transaction(async (m) => {
      await this.lock(m, user.workspaceId);
      const all = await this.rows(m, user.workspaceId);
      const at = all.findIndex((r) => r.id === id);
      if (at < 0) throw notFound('Delivery rule');
      const [moved] = all.splice(at, 1);
      all.splice(Math.min(position, all.length), 0, moved);
      await m.query(
        `UPDATE delivery_rules r SET position = (o.pos - 1)::int FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, pos)
          WHERE r.id = o.id AND r.workspace_id = $1 AND r.position <> (o.pos - 1)::int`,
        [user.workspaceId, all.map((r) => r.id)],
      );
      return this.rows(m, user.workspaceId);
    });
    await this.publish(user, DeliveryRulesChangeKind.moved, id);
    return rows.map(toObject);
  }

  /** The tester: which rule an order like this gets, and why every earlier rule did not match. */
  async test(user: AuthUser, input: TestDeliveryRulesInput): Promise<DeliveryRulesTestObject> {
    await this.assertMayRead(user);
    const errors: FieldError[] = [];
    const currency = typeof input.currency === 'string' ? input.currency.trim().toUpperCase() : '';
    if (!isCurrency(currency)) errors.push({ field: 'currency', message: 'Choose a currency such as EUR' });
    const weightKg = collect(errors, () => parseQuantity(input.weightKg, 'weightKg')) ?? '0';
    const total = isCurrency(currency) ? (collect(errors, () => (input.total === null || input.total === undefined || input.total === '' ? '0' : parseAmount(input.total, currency, 'total'))) ?? '0') : '0';
    const deliveryType = optionalText(errors, input.deliveryType, 'deliveryType', 40);
    const region = optionalText(errors, input.region, 'region', 200);
    if (errors.length) throw invalid(errors);
    const rows = await this.rows(this.db.manager, user.workspaceId);
    const r = evaluateDeliveryRules(rows.map(toRule), { deliveryType, region, weightKg, total, currency });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return { rule: r.rule ? toObject(byId.get(r.rule.id) as Row) : null, cost: r.cost, currency, checks: r.checks };
  }

  private rows(m: EntityManager, workspaceId: string): Promise<Row[]> {
    return m.query(`SELECT ${COLUMNS} FROM delivery_rules WHERE workspace_id = $1 ORDER BY position, id`, [workspaceId]);
  }

  /** Serialises the workspace's creates, deletes and moves (the 200 cap and gapless positions). */
  private async lock(m: EntityManager, workspaceId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('delivery_rules:' || $1::text))`, [workspaceId]);
  }

  private async renumber(m: EntityManager, workspaceId: string): Promise<void> {
    await m.query(
      `UPDATE delivery_rules r SET position = o.pos FROM (SELECT id, (row_number() OVER (ORDER BY position, id) - 1)::int AS pos FROM delivery_rules WHERE workspace_id = $1) o
        WHERE r.id = o.id AND r.position <> o.pos`,
      [workspaceId],
    );
  }

  private async publish(user: AuthUser, kind: DeliveryRulesChangeKind, ruleId: string): Promise<void> {
    const e: DeliveryRulesChangePayload = { workspaceId: user.workspaceId, kind, ruleId, actorId: user.operatorId };
    await this.bus.publish(Topics.deliveryRules(user.workspaceId), e).catch((err) => this.logger.warn(`delivery rules change not published: ${(err as Error).message}`));
  }
}

function invalid(errors: FieldError[]): DomainException {
  return badInput(errors.length === 1 ? errors[0].message : `${errors.length} fields need attention: ${errors.map((e) => e.message).join('; ')}`, { field: errors[0].field, fieldErrors: errors });
}

/** Runs a parser that throws a field's BAD_USER_INPUT; collects its field errors instead. */
function collect<T>(errors: FieldError[], parse: () => T): T | null {
  try {
    return parse();
  } catch (e) {
    const fe = e instanceof DomainException ? (e.details?.['fieldErrors'] as FieldError[] | undefined) : undefined;
    if (!fe) throw e;
    errors.push(...fe);
    return null;
  }
}

function optionalText(errors: FieldError[], raw: unknown, field: string, max: number): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'string') {
    errors.push({ field, message: 'Enter text' });
    return null;
  }
  const t = raw.trim();
  if (t.length > max) errors.push({ field, message: `At most ${max} characters` });
  return t || null;
}

/** Every field of a rule checked at once (field errors for the form). */
export function checkDeliveryRule(input: DeliveryRuleInput): Checked {
  const errors: FieldError[] = [];
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name) errors.push({ field: 'name', message: 'Give the rule a name' });
  else if (name.length > 100) errors.push({ field: 'name', message: 'A name has at most 100 characters' });
  const active = input.active !== false;
  const deliveryType = optionalText(errors, input.deliveryType, 'deliveryType', 40);

  const regions: string[] = [];
  if (input.regions !== null && input.regions !== undefined) {
    if (!Array.isArray(input.regions)) errors.push({ field: 'regions', message: 'Give a list of regions' });
    else {
      const seen = new Set<string>();
      for (const r of input.regions) {
        const t = typeof r === 'string' ? r.trim() : '';
        if (!t) continue;
        if (t.length > DELIVERY_RULE_REGION_LENGTH_MAX) {
          errors.push({ field: 'regions', message: `A region has at most ${DELIVERY_RULE_REGION_LENGTH_MAX} characters` });
          break;
        }
        if (seen.has(t.toLocaleLowerCase())) continue;
        seen.add(t.toLocaleLowerCase());
        regions.push(t);
      }
      if (regions.length > DELIVERY_RULE_REGIONS_MAX) errors.push({ field: 'regions', message: `A rule has at most ${DELIVERY_RULE_REGIONS_MAX} regions` });
    }
  }

  const rawCurrency = typeof input.currency === 'string' ? input.currency.trim().toUpperCase() : '';
  let currency: string | null = null;
  if (input.currency !== null && input.currency !== undefined && rawCurrency !== '') {
    if (isCurrency(rawCurrency)) currency = rawCurrency;
    else errors.push({ field: 'currency', message: 'Unknown currency: use a code such as EUR' });
  }
  const moneyCurrency = currency ?? 'EUR';
  const amount = (raw: unknown, field: string, required: boolean): string | null => {
    if (!required && (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === ''))) return null;
    return collect(errors, () => parseAmount(raw, moneyCurrency, field));
  };
  const cost = amount(input.cost, 'cost', true);
  const minTotal = amount(input.minTotal, 'minTotal', false);
  const maxTotal = amount(input.maxTotal, 'maxTotal', false);
  const weight = (raw: unknown, field: string): string | null => {
    const w = collect(errors, () => parseQuantity(raw, field));
    if (w !== null && new Decimal(w).gt(MAX_WEIGHT)) {
      errors.push({ field, message: 'The weight is too large' });
      return null;
    }
    return w;
  };
  const minWeightKg = weight(input.minWeightKg, 'minWeightKg');
  const maxWeightKg = weight(input.maxWeightKg, 'maxWeightKg');
  if (minWeightKg !== null && maxWeightKg !== null && new Decimal(minWeightKg).gte(maxWeightKg)) errors.push({ field: 'maxWeightKg', message: 'The maximum weight must be above the minimum (from min, below max)' });
  if (minTotal !== null && maxTotal !== null && new Decimal(minTotal).gte(maxTotal)) errors.push({ field: 'maxTotal', message: 'The maximum total must be above the minimum (from min, below max)' });
  if (currency === null && !errors.some((e) => e.field === 'currency')) {
    if (minTotal !== null || maxTotal !== null) errors.push({ field: 'currency', message: 'Choose the currency of the order totals' });
    else if (cost !== null && new Decimal(cost).gt(0)) errors.push({ field: 'currency', message: 'Choose the currency of the cost' });
  }
  if (errors.length) throw invalid(errors);
  return { name, active, deliveryType, regions, minWeightKg, maxWeightKg, minTotal, maxTotal, currency, cost: cost as string };
}

function toRule(r: Row): DeliveryRule {
  return {
    id: r.id,
    name: r.name,
    position: r.position,
    active: r.active,
    deliveryType: r.delivery_type,
    regions: r.regions ?? [],
    minWeightKg: r.min_weight_kg,
    maxWeightKg: r.max_weight_kg,
    minTotal: r.min_total,
    maxTotal: r.max_total,
    currency: r.currency?.trim() ?? null,
    cost: r.cost,
  };
}

function toObject(r: Row): DeliveryRuleObject {
  const rule = toRule(r);
  const w = (v: string | null) => (v === null ? null : new Decimal(v).toFixed());
  const money = (v: string | null) => (v === null ? null : formatAmount(v, rule.currency ?? 'EUR'));
  return {
    ...rule,
    regions: [...rule.regions],
    minWeightKg: w(rule.minWeightKg),
    maxWeightKg: w(rule.maxWeightKg),
    minTotal: money(rule.minTotal),
    maxTotal: money(rule.maxTotal),
    cost: money(rule.cost) as string,
    version: r.version,
    updatedAt: r.updated_at,
  };
}
