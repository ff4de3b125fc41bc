import { Injectable, inject } from '@angular/core';
import { ApiClient, RealtimeClient } from '@parley/web/shared/data-access';
import {
  CreateDeliveryRuleDocument,
  CreateDeliveryRuleInput,
  DeleteDeliveryRuleDocument,
  DeliveryRulesChangedDocument,
  DeliveryRulesChangedSubscription,
  DeliveryRulesDocument,
  DeliveryRulesQuery,
  MoveDeliveryRuleDocument,
  TestDeliveryRulesDocument,
  TestDeliveryRulesInput,
  TestDeliveryRulesQuery,
  UpdateDeliveryRuleDocument,
  UpdateDeliveryRuleInput,
} from './generated/graphql';

export type DeliveryRule = DeliveryRulesQuery['deliveryRules'][number];
export type DeliveryRulesTest = TestDeliveryRulesQuery['testDeliveryRules'];
export type DeliveryRulesChange = DeliveryRulesChangedSubscription['deliveryRulesChanged'];

/** Settings › Delivery (E5): the workspace's delivery cost rules — list, add, change, delete, reorder, test — and their live changes. Errors are thrown for the form. */
@Injectable({ providedIn: 'root' })
export class DeliveryRulesService {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeClient);

  async list(): Promise<DeliveryRule[]> {
    return (await this.api.request(DeliveryRulesDocument)).deliveryRules;
  }

  async create(input: CreateDeliveryRuleInput): Promise<DeliveryRule> {
    return (await this.api.request(CreateDeliveryRuleDocument, { input })).createDeliveryRule;
  }

  async update(input: UpdateDeliveryRuleInput): Promise<DeliveryRule> {
    return (await this.api.request(UpdateDeliveryRuleDocument, { input })).updateDeliveryRule;
  }

  async remove(id: string): Promise<void> {
    await this.api.request(DeleteDeliveryRuleDocument, { id });
  }

  /** Moves the rule to `position` (0 first); resolves with every rule in the new order. */
  async move(id: string, position: number): Promise<DeliveryRule[]> {
    return (await this.api.request(MoveDeliveryRuleDocument, { id, position })).moveDeliveryRule;
  }

  async test(input: TestDeliveryRulesInput): Promise<DeliveryRulesTest> {
    return (await this.api.request(TestDeliveryRulesDocument, { input })).testDeliveryRules;
  }

  /** Every change of the workspace's rules (anyone's) until the returned function is called. */
  changes(listener: (e: DeliveryRulesChange) => void): () => void {
    return this.realtime.subscribe(DeliveryRulesChangedDocument, { next: (data) => listener(data.deliveryRulesChanged), error: () => undefined });
  }
}
